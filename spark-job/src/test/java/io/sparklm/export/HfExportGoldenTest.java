package io.sparklm.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklm.model.NativeThreads;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HF export against the independent PyTorch check, without Python: each {@link HfExportCases} model exported
 * now has the SHA-256 of the model.safetensors that {@code hf_export_check.py} loaded (strict names) into its
 * plain-torch GPT2LMHeadModel / BertForMaskedLM / BertForPreTraining ({@code hf-export/<case>.torch.json}), and
 * the model's logits, its own softmax output (as log-probabilities) and NSP logits equal torch's within 1e-4 at
 * every real position.
 */
class HfExportGoldenTest {
    static final double TOL = 1e-4;

    @TempDir
    static java.nio.file.Path tmp;

    @BeforeAll
    static void oneThread() {
        NativeThreads.one();
    }

    static JsonNode golden(String file) throws Exception {
        try (InputStream in = HfExportGoldenTest.class.getResourceAsStream("/hf-export/" + file)) {
            return HfExportCases.JSON.readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "gpt-untied", "bert-nsp", "bert"})
    void exportMatchesPyTorch(String name) throws Exception {
        JsonNode java = golden(name + ".java.json");
        JsonNode torch = golden(name + ".torch.json");
        ComputationGraph g = HfExportCases.model(name);
        HfExporter.Result r = HfExporter.export(g, null, FileSystem.getLocal(new Configuration()),
                new Path(tmp.resolve(name).toUri()));
        assertEquals(java.get("safetensors_sha256").asText(), r.sha256(), name + ": exported bytes changed");
        assertEquals(r.sha256(), torch.get("safetensors_sha256").asText(), name + ": torch checked another file");
        assertEquals(java.get("architecture").asText(), torch.get("architecture").asText());
        assertEquals(r.architecture(), torch.get("architecture").asText());
        assertEquals(r.tensors(), torch.get("tensors").asInt());

        INDArray[][] in = HfExportCases.inputs(name);
        int[][] mask = name.startsWith("gpt") ? null : HfExportCases.attentionMask();
        double[][][] logits = HfExportCases.logits(g, in);
        double[][][] logProbs = HfExportCases.logProbs(g, in);
        JsonNode ref = torch.get("logits");
        int compared = 0;
        for (int b = 0; b < logits.length; b++) {
            for (int t = 0; t < logits[b].length; t++) {
                if (mask != null && mask[b][t] == 0) {
                    continue;                       // padding: HF computes it, sparklm zeroes it; never attended to
                }
                double[] refRow = new double[logits[b][t].length];
                for (int v = 0; v < refRow.length; v++) {
                    refRow[v] = ref.get(b).get(t).get(v).asDouble();
                    assertEquals(refRow[v], logits[b][t][v], TOL, name + " logit " + b + "," + t + "," + v);
                }
                double[] refLogProbs = logSoftmax(refRow);
                for (int v = 0; v < refRow.length; v++) {
                    assertEquals(refLogProbs[v], logProbs[b][t][v], TOL, name + " log-prob " + b + "," + t + "," + v);
                }
                compared++;
            }
        }
        assertEquals(mask == null ? 16 : 13, compared);
        double[][] nsp = HfExportCases.nspLogits(g, in);
        assertEquals(torch.has("nsp_logits"), nsp != null);
        if (nsp != null) {
            for (int b = 0; b < nsp.length; b++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(torch.get("nsp_logits").get(b).get(k).asDouble(), nsp[b][k], TOL, name + " nsp");
                }
            }
        }
        assertTrue(torch.get("max_abs_diff").get("logits").asDouble() <= TOL);
    }

    static double[] logSoftmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - lse;
        }
        return out;
    }
}
