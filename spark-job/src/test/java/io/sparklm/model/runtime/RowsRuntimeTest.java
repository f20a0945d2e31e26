package io.sparklm.model.runtime;

import io.sparklm.model.layers.ReferenceLayers;
import io.sparklm.model.runtime.RowsRuntime;
import io.sparklm.model.runtime.PositionRuntime;
import io.sparklm.model.runtime.MlpRuntime;
import io.sparklm.model.runtime.LayerNormRuntime;
import io.sparklm.model.runtime.AttentionRuntime;
import io.sparklm.config.ConfigMap;
import io.sparklm.batch.Batches;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.TransformerModel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct runtimes ({@link AttentionRuntime}, {@link MlpRuntime}, {@link LayerNormRuntime},
 * {@link PositionRuntime}) against their
 * SameDiff definitions run by DL4J ({@link ReferenceLayers}): same parameters and batch give the same outputs,
 * score and full gradient vector (double precision; GPT with causal attention and padding, BERT with key padding
 * mask, segments and NSP); and in {@code fit} every backprop reuses its step's forward.
 */
class RowsRuntimeTest {
    private static final OptimConfig OPTIM = new OptimConfig(1e-3, 1e-3, 0, 1000, "constant", 0.01, 0.9, 0.95, 1e-8, 1.0);

    private static ModelConfig model(String family, String dtype) {
        Map<String, String> kv = new HashMap<>();
        kv.put("family", family);
        kv.put("d-model", "12");
        kv.put("n-layers", "2");
        kv.put("n-heads", "3");
        kv.put("dropout", "0");
        kv.put("dtype", dtype);
        kv.put("seed", "5");
        kv.put("init-std", "0.3");
        if (family.equals("bert")) {
            kv.put("nsp", "true");
            kv.put("positional", "sinusoidal");
            return ModelConfig.from(ConfigMap.of(kv), 13, 6, 0);
        }
        return ModelConfig.from(ConfigMap.of(kv), 13, 6);
    }

    private static MultiDataSet gptBatch(ModelConfig m) {
        int[][] ids = {{3, 4, 5, 6, 7, 8}, {9, 2, 10, 1, 1, 1}, {0, 8, 12, 3, 1, 5}};
        return Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
    }

    private static MultiDataSet bertBatch(ModelConfig m) {
        int[][] ids = {{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}};
        int[][] labels = {{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}};
        int[][] segs = {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}};
        return Batches.toMultiDataSet(ids, labels, segs, new int[]{1, 0}, m, null, 1, 0);
    }

    private static void assertSameAsSameDiff(ModelConfig m, MultiDataSet mds) {
        ComputationGraph direct = new ComputationGraph(TransformerModel.configuration(m, OPTIM));
        direct.init();
        ComputationGraph ref = new ComputationGraph(
                ReferenceLayers.onSameDiff(TransformerModel.configuration(m, OPTIM)));
        ref.init();
        ref.setParams(direct.params().dup());
        assertTrue(direct.getLayer("attn0") instanceof AttentionRuntime, "blocks run directly");
        assertTrue(direct.getLayer("pos") instanceof PositionRuntime, "positions run directly");
        assertTrue(!(ref.getLayer("pos") instanceof PositionRuntime), "reference positions run SameDiff");
        assertTrue(!(ref.getLayer("attn0") instanceof RowsRuntime), "reference runs SameDiff");

        INDArray[] a = direct.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null);
        INDArray[] b = ref.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null);
        for (int i = 0; i < a.length; i++) {
            assertEquals(0.0, a[i].sub(b[i]).amaxNumber().doubleValue(), 1e-12, "output " + i);
        }
        direct.setInputs(mds.getFeatures());
        direct.setLabels(mds.getLabels());
        direct.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        direct.computeGradientAndScore();
        ref.setInputs(mds.getFeatures());
        ref.setLabels(mds.getLabels());
        ref.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        ref.computeGradientAndScore();
        assertEquals(ref.score(), direct.score(), 1e-12, "score");
        INDArray ga = direct.gradient().gradient();
        INDArray gb = ref.gradient().gradient();
        double scale = gb.amaxNumber().doubleValue();
        assertTrue(scale > 1e-6, "non-trivial gradient");
        assertEquals(0.0, ga.sub(gb).amaxNumber().doubleValue() / scale, 1e-10, "gradient vector");
    }

    @Test
    void gptMatchesSameDiffDefinition() {
        ModelConfig m = model("gpt", "double");
        assertSameAsSameDiff(m, gptBatch(m));
    }

    @Test
    void bertMatchesSameDiffDefinition() {
        ModelConfig m = model("bert", "double");
        assertSameAsSameDiff(m, bertBatch(m));
    }

    @Test
    void fitReusesEachStepsForwardAndKeepsScratchBetweenSteps() {
        ModelConfig m = model("gpt", "float");
        ComputationGraph g = TransformerModel.build(m, OPTIM);
        MultiDataSet mds = gptBatch(m);
        double first = g.score(mds, false);
        for (int i = 0; i < 5; i++) {
            g.fit(mds);
        }
        assertTrue(g.score(mds, false) < first, "training lowers the loss");
        int rows = 0;
        for (Layer l : g.getLayers()) {
            if (l instanceof RowsRuntime r) {
                rows++;
                assertEquals(0, r.recomputedForwards(), l.conf().getLayer().getLayerName() + " recomputed a forward");
                assertTrue(r.scratchBytes() > 0);
            }
        }
        assertEquals(2 * 2 + 1, rows, "attention + MLP per block, final LayerNorm");
        assertTrue(Nd4j.getWorkspaceManager() != null && g.params().dataType() == DataType.FLOAT);
    }
}
