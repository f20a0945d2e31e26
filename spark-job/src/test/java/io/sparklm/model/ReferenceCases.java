package io.sparklm.model;

import io.sparklm.eval.Evaluation;
import io.sparklm.batch.Batches;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two reference cases shared with {@code src/test/python/reference_check.py}: a tiny GPT (learned
 * positions, padding) and a tiny BERT (sinusoidal positions, segments, padding, NSP), double precision.
 * {@code main(dir)} writes {@code <case>.model.json} (config, every parameter by DL4J name with shape, inputs,
 * labels, masks, and this implementation's probabilities and loss) for the Python script, which recomputes them
 * with PyTorch and writes {@code <case>.torch.json}; both are kept in {@code src/test/resources/golden/}.
 */
final class ReferenceCases {
    static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceCases() {}

    static ModelConfig gptConfig() {
        return TinyModels.gpt(11, 6, 8, 2, 2, "double", 0).withData(11, 6, 1);
    }

    static ModelConfig bertConfig() {
        return TinyModels.bert(11, 6, 8, 2, 2, true, 0);
    }

    static MultiDataSet gptBatch(ModelConfig m) {
        return Batches.toMultiDataSet(new int[][]{{3, 4, 5, 6, 7, 8}, {9, 2, 10, 0, 1, 1}}, null, null, null,
                m, null, 1, 0);
    }

    static MultiDataSet bertBatch(ModelConfig m) {
        return Batches.toMultiDataSet(new int[][]{{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}},
                new int[][]{{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}},
                new int[][]{{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}}, new int[]{1, 0}, m, null, 1, 0);
    }

    static ArrayNode array(INDArray a) {
        ArrayNode n = JSON.createArrayNode();
        for (double v : a.dup('c').reshape(a.length()).toDoubleVector()) {
            n.add(v);
        }
        return n;
    }

    static ArrayNode shape(INDArray a) {
        ArrayNode n = JSON.createArrayNode();
        for (long s : a.shape()) {
            n.add(s);
        }
        return n;
    }

    /** LM probabilities {@code [B, T, V]} flattened in the goldens' (DL4J RnnOutputLayer) order {@code [B, V, T]}. */
    static double[] goldenLayout(INDArray probs) {
        return probs.permute(0, 2, 1).dup('c').reshape(probs.length()).toDoubleVector();
    }

    /** Mean CE per predicted token of the LM output, from DL4J's score. */
    static double lossPerToken(ComputationGraph g, MultiDataSet mds) {
        return Evaluation.evaluate(g, java.util.List.of(mds).iterator()).lossPerToken();
    }

    static ObjectNode export(ModelConfig m, ComputationGraph g, MultiDataSet mds) {
        ObjectNode root = JSON.createObjectNode();
        root.set("config", JSON.valueToTree(m.asMap()));
        ObjectNode params = root.putObject("params");
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            ObjectNode p = params.putObject(e.getKey());
            p.set("shape", shape(e.getValue()));
            p.set("data", array(e.getValue()));
        }
        ObjectNode in = root.putObject("inputs");
        for (int i = 0; i < mds.getFeatures().length; i++) {
            in.set("features" + i, array(mds.getFeatures(i)));
        }
        in.set("featureMask", mds.getFeaturesMaskArrays() == null ? null : array(mds.getFeaturesMaskArray(0)));
        in.set("labels", array(mds.getLabels(0)));
        in.set("labelMask", array(mds.getLabelsMaskArray(0)));
        in.set("shape", shape(mds.getFeatures(0)));
        if (mds.getLabels().length > 1) {
            in.set("nspLabels", array(mds.getLabels(1)));
        }
        INDArray[] out = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null);
        ObjectNode java = root.putObject("java");
        java.set("probs", JSON.valueToTree(goldenLayout(out[0])));
        java.put("loss", lossPerToken(g, mds));
        if (out.length > 1) {
            java.set("nspProbs", array(out[1]));
        }
        return root;
    }

    /** Loads parameters by name from an exported case into {@code g}. */
    static void loadParams(ComputationGraph g, JsonNode exported) {
        exported.get("params").fields().forEachRemaining(e -> {
            JsonNode data = e.getValue().get("data");
            double[] v = new double[data.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = data.get(i).asDouble();
            }
            INDArray target = g.paramTable().get(e.getKey());
            target.assign(Nd4j.create(v, target.shape(), 'c'));
        });
    }

    public static void main(String[] args) throws Exception {
        Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        Path dir = Path.of(args.length > 0 ? args[0] : "spark-job/src/test/resources/golden");
        Files.createDirectories(dir);
        ModelConfig gpt = gptConfig();
        ComputationGraph g = TransformerModel.build(gpt, TinyModels.optim(1e-3, 0, 0));
        Files.writeString(dir.resolve("gpt.model.json"), JSON.writeValueAsString(export(gpt, g, gptBatch(gpt))));
        ModelConfig bert = bertConfig();
        ComputationGraph b = TransformerModel.build(bert, TinyModels.optim(1e-3, 0, 0));
        Files.writeString(dir.resolve("bert.model.json"), JSON.writeValueAsString(export(bert, b, bertBatch(bert))));
        System.err.println("wrote " + dir.resolve("gpt.model.json") + " and " + dir.resolve("bert.model.json"));
    }
}
