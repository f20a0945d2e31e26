package io.sparklm.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares the DL4J forward pass with PyTorch goldens ({@code golden/<case>.torch.json}, produced by
 * {@code src/test/python/reference_check.py} from the weights in {@code golden/<case>.model.json}): softmax
 * outputs ({@code [B, T, V]}, compared in the goldens' {@code [B, V, T]} order) at every non-padding position and mean loss per token within 1e-4, for GPT (causal, learned positions, padding) and BERT
 * (bidirectional, sinusoidal positions, segments, key padding mask, NSP head).
 */
@ExtendWith(DoublePrecision.class)
class ReferenceCheckTest {
    static JsonNode golden(String name) throws Exception {
        try (InputStream in = ReferenceCheckTest.class.getResourceAsStream("/golden/" + name)) {
            return ReferenceCases.JSON.readTree(in);
        }
    }

    static void check(String name, ModelConfig m, MultiDataSet mds) throws Exception {
        JsonNode model = golden(name + ".model.json");
        JsonNode torch = golden(name + ".torch.json");
        ComputationGraph g = TransformerModel.build(m, TinyModels.optim(1e-3, 0, 0));
        ReferenceCases.loadParams(g, model);
        INDArray[] out = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null);
        double[] probs = ReferenceCases.goldenLayout(out[0]);
        JsonNode ref = torch.get("probs");
        assertEquals(ref.size(), probs.length);
        long t = out[0].size(1);
        long v = out[0].size(2);
        INDArray fmask = mds.getFeaturesMaskArrays() == null ? null : mds.getFeaturesMaskArray(0);
        int compared = 0;
        for (int i = 0; i < probs.length; i++) {
            long b = i / (v * t);
            long pos = i % t;
            if (fmask != null && fmask.getDouble(b, pos) == 0) {
                continue;                                // padding: never attended to by real positions
            }
            assertEquals(ref.get(i).asDouble(), probs[i], 1e-4, name + " probability " + i);
            compared++;
        }
        assertEquals(true, compared >= probs.length / 2);
        assertEquals(torch.get("loss").asDouble(), ReferenceCases.lossPerToken(g, mds), 1e-4, name + " loss");
        if (torch.has("nspProbs")) {
            double[] nsp = out[1].dup('c').reshape(out[1].length()).toDoubleVector();
            for (int i = 0; i < nsp.length; i++) {
                assertEquals(torch.get("nspProbs").get(i).asDouble(), nsp[i], 1e-4, name + " nsp " + i);
            }
        }
    }

    @Test
    void gptMatchesPyTorch() throws Exception {
        ModelConfig m = ReferenceCases.gptConfig();
        check("gpt", m, ReferenceCases.gptBatch(m));
    }

    @Test
    void bertMatchesPyTorch() throws Exception {
        ModelConfig m = ReferenceCases.bertConfig();
        check("bert", m, ReferenceCases.bertBatch(m));
    }
}
