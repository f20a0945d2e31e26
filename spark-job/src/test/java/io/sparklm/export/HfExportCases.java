package io.sparklm.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The fixed export cases shared with {@code src/test/python/hf_export_check.py}: four tiny float32 models (gpt tied
 * and untied, bert with NSP and tied, bert without NSP and untied) whose every parameter is set from a fixed
 * {@link SplittableRandom} (no ND4J randomness: the same bytes on every machine), with fixed inputs (bert: segments
 * and a padded second row). {@code main(goldenDir, exportDir)} exports each to {@code exportDir/<case>/} and
 * writes {@code goldenDir/<case>.java.json}: the inputs, this model's logits {@code [B][T][V]} (and NSP logits
 * {@code [B][2]}), the SHA-256 of the exported model.safetensors. The Python script reads both and writes
 * {@code <case>.torch.json}; {@code HfExportGoldenTest} compares without Python.
 */
final class HfExportCases {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NAMES = List.of("gpt", "gpt-untied", "bert-nsp", "bert");
    static final int T = 8;

    private HfExportCases() {}

    /** The model settings of case {@code name}. */
    static ModelConfig config(String name) {
        boolean gpt = name.startsWith("gpt");
        Map<String, String> kv = new TreeMap<>();
        kv.put("family", gpt ? "gpt" : "bert");
        kv.put("d-model", "16");
        kv.put("n-layers", "2");
        kv.put("n-heads", gpt ? "2" : "4");
        kv.put("d-ff", gpt ? "40" : "24");
        kv.put("dropout", "0.1");
        kv.put("tie-embeddings", String.valueOf(!name.endsWith("untied") && !name.equals("bert")));
        kv.put("nsp", "" + name.equals("bert-nsp"));
        return ModelConfig.from(ConfigMap.of(kv), gpt ? 23 : 19, T, gpt ? -1 : 0);
    }

    /** The graph of case {@code name} with its fixed parameters. */
    static ComputationGraph model(String name) {
        ComputationGraph g = TransformerModel.build(config(name), TinyModels.optim(1e-3, 0, 0));
        randomize(g, name.hashCode(), 0.25);
        return g;
    }

    /**
     * Sets every parameter of {@code g} from {@code SplittableRandom(seed)}, names in sorted order: LayerNorm gains
     * {@code 1 + 0.2 z}, everything else (biases too) {@code std * z}, z standard normal.
     */
    static void randomize(ComputationGraph g, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Map.Entry<String, INDArray> e : new TreeMap<>(g.paramTable()).entrySet()) {
            INDArray p = e.getValue();
            float[] v = new float[(int) p.length()];
            for (int i = 0; i < v.length; i++) {
                double z = gaussian(r);
                v[i] = (float) (e.getKey().endsWith("_lnG") ? 1 + 0.2 * z : std * z);
            }
            p.assign(Nd4j.createFromArray(v).castTo(p.dataType()).reshape('c', p.shape()));
        }
    }

    /** A standard normal from {@code r} (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static int[][] ids(String name) {
        return name.startsWith("gpt")
                ? new int[][]{{0, 5, 9, 22, 3, 3, 17, 1}, {12, 7, 2, 20, 11, 4, 6, 8}}
                : new int[][]{{2, 6, 11, 3, 18, 5, 9, 3}, {2, 14, 7, 13, 3, 0, 0, 0}};
    }

    static int[][] segments() {
        return new int[][]{{0, 0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 0, 0}};
    }

    static int[][] attentionMask() {
        return new int[][]{{1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 0, 0, 0}};
    }

    /** Graph inputs {@code [features, masks]} of case {@code name} (masks null for gpt). */
    static INDArray[][] inputs(String name) {
        INDArray tokens = Nd4j.createFromArray(ids(name)).castTo(DataType.FLOAT);
        if (name.startsWith("gpt")) {
            return new INDArray[][]{{tokens}, null};
        }
        INDArray mask = Nd4j.createFromArray(attentionMask()).castTo(DataType.FLOAT);
        return new INDArray[][]{{tokens, Nd4j.createFromArray(segments()).castTo(DataType.FLOAT)}, {mask, mask}};
    }

    /** LM logits {@code [B, T, V]}: the LM head's input times its projection plus its bias, as the head computes. */
    static double[][][] logits(ComputationGraph g, INDArray[][] in) {
        INDArray h = g.output(List.of(TransformerModel.lmHeadInput(g)), false, in[0], in[1])[0];   // [B, d, T]
        long b = h.size(0);
        long d = h.size(1);
        long t = h.size(2);
        INDArray rows = h.permute(0, 2, 1).dup('c').reshape(b * t, d);
        INDArray l = rows.mmul(TransformerModel.lmHeadProjection(g));
        INDArray bias = TransformerModel.lmHeadBias(g);
        if (bias != null) {
            l.addiRowVector(bias);
        }
        return to3d(l.reshape('c', b, t, l.size(1)));
    }

    /** NSP logits {@code [B, 2]} (pooler output times the NSP layer's W plus b), or null without NSP. */
    static double[][] nspLogits(ComputationGraph g, INDArray[][] in) {
        if (!g.paramTable().containsKey("nsp_W")) {
            return null;
        }
        INDArray pooled = g.output(List.of("pool"), false, in[0], in[1])[0];
        return pooled.mmul(g.getParam("nsp_W")).addiRowVector(g.getParam("nsp_b")).toDoubleMatrix();
    }

    /** Log-probabilities {@code [B, T, V]} of the graph's own softmax output. */
    static double[][][] logProbs(ComputationGraph g, INDArray[][] in) {
        return to3d(Nd4j.math().log(g.output(false, in[0], in[1], null)[0].castTo(DataType.DOUBLE)));
    }

    static double[][][] to3d(INDArray a) {
        double[][][] out = new double[(int) a.size(0)][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.slice(i).castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path golden = Path.of(args.length > 0 ? args[0] : "spark-job/src/test/resources/hf-export");
        Path exports = Path.of(args.length > 1 ? args[1] : "spark-job/target/hf-export-cases");
        Files.createDirectories(golden);
        Files.createDirectories(exports);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        for (String name : NAMES) {
            ComputationGraph g = model(name);
            Path dir = exports.resolve(name);
            if (Files.exists(dir)) {
                fs.delete(new org.apache.hadoop.fs.Path(dir.toUri()), true);
            }
            HfExporter.Result r = HfExporter.export(g, null, fs, new org.apache.hadoop.fs.Path(dir.toUri()));
            INDArray[][] in = inputs(name);
            ObjectNode root = JSON.createObjectNode();
            root.put("case", name);
            root.put("architecture", r.architecture());
            root.put("safetensors_sha256", r.sha256());
            root.set("input_ids", JSON.valueToTree(ids(name)));
            if (!name.startsWith("gpt")) {
                root.set("token_type_ids", JSON.valueToTree(segments()));
                root.set("attention_mask", JSON.valueToTree(attentionMask()));
            }
            root.set("logits", JSON.valueToTree(logits(g, in)));
            double[][] nsp = nspLogits(g, in);
            if (nsp != null) {
                root.set("nsp_logits", JSON.valueToTree(nsp));
            }
            Files.writeString(golden.resolve(name + ".java.json"), JSON.writeValueAsString(root) + "\n");
            System.err.println(name + ": " + r.architecture() + " " + r.tensors() + " tensors, sha256 " + r.sha256());
        }
    }
}
