package io.sparklm.train.engine;

import io.sparklm.batch.Block;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.optim.OptimConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's fit split in two ({@link GradientStep}) on the transformer with AdamW, weight decay, dropout and a
 * clipping bound that binds: one compute + apply is bit-identical to {@code ComputationGraph.fit} with the
 * {@code GlobalNormClipping} listener, on the graph's own gradient view and on a copy (DL4J's external-gradient
 * path); gradients of several micro-batches summed and applied once equal one fit on their concatenation.
 */
class GradientStepTest {
    static final int VOCAB = 64;
    static final int SEQ = 16;

    static ComputationGraph model(double dropout, double clip) {
        Map<String, String> k = new HashMap<>(TrainLossTest.keys(0.1));
        k.put("dropout", "" + dropout);
        k.put("grad-clip", "" + clip);
        ConfigMap c = ConfigMap.of(k);
        return TransformerModel.build(ModelConfig.from(c, VOCAB, SEQ, -1), OptimConfig.from(ConfigMap.of(k)));
    }

    static MultiDataSet batch(String shard, long first, int n) {
        return new TrainLossTest.Loader().load(List.of(new Block(shard, 0, first, n, 0, 0, 0)), 0);
    }

    @Test
    void computeAndApplyIsBitIdenticalToFitOnTheViewAndOnACopy() {
        double clip = 0.05; // binds: the per-token gradient norm of this model at init is ~0.3
        ComputationGraph fit = model(0.2, clip);
        ComputationGraph view = fit.clone();
        ComputationGraph copy = fit.clone();
        double norm = Double.NaN;
        for (int step = 0; step < 3; step++) {
            MultiDataSet mds = batch("mem://a", 8L * step, 8);
            KeyedDropout.bind(fit, mds);
            fit.fit(mds);

            GradientSum s1 = new GradientSum();
            norm = GradientStep.apply(view, GradientStep.computeOnly(view, mds, s1), s1.examples(), s1.tokens(),
                    clip);
            GradientSum s2 = new GradientSum();
            GradientStep.accumulate(copy, mds, s2);
            GradientStep.apply(copy, s2.gradient(), s2.examples(), s2.tokens(), clip);
            assertEquals(s1.lossPerToken(), s2.lossPerToken(), 0.0);
        }
        assertTrue(norm > clip, "the clip bound must bind for this test to mean something: " + norm);
        float[] expected = fit.params().toFloatVector();
        assertArrayEquals(expected, view.params().toFloatVector());
        assertArrayEquals(expected, copy.params().toFloatVector());
        assertArrayEquals(fit.getUpdater().getStateViewArray().toFloatVector(),
                copy.getUpdater().getStateViewArray().toFloatVector());
        assertEquals(3, copy.getConfiguration().getIterationCount());
    }

    @Test
    void summedMicroBatchesEqualOneLargeBatch() {
        ComputationGraph large = model(0, 1.0);
        ComputationGraph accumulated = large.clone();
        for (int step = 0; step < 4; step++) {
            MultiDataSet a = batch("mem://a", 12L * step, 4);
            MultiDataSet b = batch("mem://a", 12L * step + 4, 8);
            MultiDataSet both = batch("mem://a", 12L * step, 12);
            GradientSum all = new GradientSum();
            GradientStep.apply(large, GradientStep.computeOnly(large, both, all), all.examples(), all.tokens(), 1.0);
            GradientSum parts = new GradientSum();
            GradientStep.accumulate(accumulated, a, parts);
            GradientStep.accumulate(accumulated, b, parts);
            assertEquals(all.examples(), parts.examples());
            assertEquals(all.tokens(), parts.tokens());
            assertEquals(all.lossPerToken(), parts.lossPerToken(), 1e-6 * all.lossPerToken());
            GradientStep.apply(accumulated, parts.gradient(), parts.examples(), parts.tokens(), 1.0);
        }
        INDArray p = large.params();
        INDArray q = accumulated.params();
        double diff = p.sub(q).norm2Number().doubleValue() / p.norm2Number().doubleValue();
        assertTrue(diff < 1e-5, "relative parameter difference " + diff);
        assertNotEquals(0.0, p.sub(model(0, 1.0).params()).norm2Number().doubleValue(), "the model trained");
    }
}
