package io.sparklm.model;

import io.sparklm.eval.EvalResult;
import io.sparklm.eval.Evaluation;
import io.sparklm.batch.Batches;
import io.sparklm.optim.GlobalNormClipping;
import io.sparklm.optim.WarmupDecaySchedule;
import io.sparklm.optim.OptimConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiny GPT learns; global-norm clipping, AdamW decay placement and the lr schedule behave as documented. */
class TrainingTest {
    @org.junit.jupiter.api.BeforeAll
    static void singleThreaded() {
        NativeThreads.one();
    }


    static int[][] repetitive(int records, int len, int vocab, int offset) {
        int[][] ids = new int[records][len];
        for (int r = 0; r < records; r++) {
            for (int t = 0; t < len; t++) {
                ids[r][t] = (r + t + offset) % vocab;
            }
        }
        return ids;
    }

    @Test
    void tinyGptLearnsRepetitiveSequence() {
        ModelConfig m = io.sparklm.model.ModelConfig.from(io.sparklm.config.ConfigMap.of(java.util.Map.of(
                "d-model", "32", "n-layers", "2", "n-heads", "4", "dropout", "0")), 11, 16);
        OptimConfig o = new OptimConfig(3e-3, 3e-4, 5, 60, "cosine", 0.01, 0.9, 0.95, 1e-8, 1.0);
        LocalTraining lt = new LocalTraining(TransformerModel.build(m, o), o);
        MultiDataSet batch = Batches.toMultiDataSet(repetitive(8, 16, 11, 0), null, null, null, m, null, 1, 0);
        double first = Double.NaN;
        LocalTraining.StepResult last = null;
        for (int i = 0; i < 60; i++) {
            last = lt.step(batch);
            if (i == 0) {
                first = last.lossPerToken();
                assertEquals(Math.log(11), first, 0.6, "initial loss near ln(V)");
                assertEquals(8 * 15, last.predictedTokens());
            }
            assertEquals(i, last.step());
        }
        assertTrue(last.lossPerToken() < 0.3 * first, "loss fell from " + first + " to " + last.lossPerToken());
        EvalResult eval = Evaluation.evaluate(lt.graph(), List.of(
                Batches.toMultiDataSet(repetitive(4, 16, 11, 3), null, null, null, m, null, 1, 0)).iterator());
        assertTrue(eval.lossPerToken() < 0.3 * first, "held-out windows of the same pattern: " + eval);
        assertEquals(4 * 15, eval.tokens());
        assertTrue(Double.isNaN(eval.mlmAccuracy()));
    }

    @Test
    void sameSeedSameTrajectoryWithDropout() {
        ModelConfig m = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.2);
        OptimConfig o = new OptimConfig(3e-3, 3e-4, 2, 10, "cosine", 0.1, 0.9, 0.95, 1e-8, 1.0);
        MultiDataSet batch = Batches.toMultiDataSet(repetitive(4, 8, 11, 0), null, null, null, m, null, 1, 0);
        double[] losses = new double[2];
        org.nd4j.linalg.api.ndarray.INDArray[] params = new org.nd4j.linalg.api.ndarray.INDArray[2];
        for (int run = 0; run < 2; run++) {
            LocalTraining lt = new LocalTraining(TransformerModel.build(m, o), o);
            for (int i = 0; i < 3; i++) {
                losses[run] = lt.step(batch).lossPerToken();
            }
            params[run] = lt.graph().params().dup();
        }
        assertEquals(losses[0], losses[1], 0.0);
        assertEquals(params[0], params[1]);
    }

    @Test
    void evaluationAgreesWithDl4jScore() {
        ModelConfig m = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.0).withData(11, 8, 1);
        ComputationGraph g = TransformerModel.build(m, TinyModels.optim(1e-3, 0, 0));
        int[][] ids = {{3, 4, 5, 6, 7, 8, 9, 10}, {9, 2, 10, 0, 5, 1, 1, 1}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
        assertEquals(7 + 4, Batches.predictedTokens(mds));
        double fromScore = g.score(mds, false) * 2 / 11.0;
        EvalResult r = Evaluation.evaluate(g, List.of(mds).iterator());
        assertEquals(fromScore, r.lossPerToken(), 1e-4);
        assertEquals(11, r.tokens());
        assertEquals(Math.exp(r.lossPerToken()), r.perplexity(), 1e-9);
    }

    @Test
    void globalNormClippingRescalesGradientBeforeUpdate() {
        ModelConfig m = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.0);
        OptimConfig o = TinyModels.optim(1e-3, 0, 0);
        ComputationGraph g = TransformerModel.build(m, o);
        GlobalNormClipping clip = new GlobalNormClipping(0.01);
        List<Double> seen = new ArrayList<>();
        g.setListeners(clip, new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                seen.add(model.getGradientsViewArray().norm2Number().doubleValue());
            }
        });
        MultiDataSet mds = Batches.toMultiDataSet(repetitive(4, 8, 11, 0), null, null, null, m, null, 1, 0);
        g.fit(mds);
        double n = 4 * 7;
        assertTrue(clip.lastNorm() > 0.01, "unclipped norm " + clip.lastNorm());
        assertEquals(0.01, seen.get(0) / n, 1e-6, "the updater sees the clipped gradient");
        // a large threshold leaves the gradient alone
        GlobalNormClipping loose = new GlobalNormClipping(1e6);
        seen.clear();
        g.setListeners(loose, new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                seen.add(model.getGradientsViewArray().norm2Number().doubleValue());
            }
        });
        g.fit(mds);
        assertEquals(loose.lastNorm(), seen.get(0) / n, 1e-6 * loose.lastNorm());
    }

    @Test
    void weightDecayOnlyOnMatrices() {
        ModelConfig m = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.1);
        ComputationGraph g = TransformerModel.build(m, TinyModels.optim(1e-3, 0.1, 1));
        g.getConfiguration().getVertices().forEach((name, v) -> {
            if (!(v instanceof LayerVertex lv)) {
                return;
            }
            var layer = lv.getLayerConf().getLayer();
            for (String p : g.getLayer(name).paramTable().keySet()) {
                var regs = layer.getRegularizationByParam(p);
                boolean decayed = regs != null && regs.stream().anyMatch(r -> r instanceof WeightDecay);
                boolean matrix = List.of("Wqkv", "Wo", "W1", "W2").contains(p) || (name.equals("lm") && p.equals("W"));
                assertEquals(matrix, decayed, name + "." + p + " decayed=" + decayed);
                if (layer instanceof AbstractSameDiffLayer && p.startsWith("ln")) {
                    assertFalse(decayed);
                }
            }
        });
    }

    @Test
    void warmupThenCosineAndLinearDecayToFloor() {
        WarmupDecaySchedule cos = new WarmupDecaySchedule(1.0, 0.1, 10, 110, "cosine");
        assertEquals(0.1, cos.valueAt(0, 0), 1e-12);
        assertEquals(1.0, cos.valueAt(9, 0), 1e-12);
        assertEquals(1.0, cos.valueAt(10, 0), 1e-12);
        assertEquals(0.55, cos.valueAt(60, 0), 1e-12);
        assertEquals(0.1, cos.valueAt(110, 0), 1e-12);
        assertEquals(0.1, cos.valueAt(5000, 0), 1e-12);
        WarmupDecaySchedule lin = new WarmupDecaySchedule(1.0, 0.0, 0, 100, "linear");
        assertEquals(1.0, lin.valueAt(0, 0), 1e-12);
        assertEquals(0.75, lin.valueAt(25, 0), 1e-12);
        assertEquals(0.5, new WarmupDecaySchedule(0.5, 0.1, 0, 10, "constant").valueAt(999, 0), 1e-12);
    }
}
