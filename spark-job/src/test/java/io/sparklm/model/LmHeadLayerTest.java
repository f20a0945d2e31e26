package io.sparklm.model;

import io.sparklm.eval.Evaluation;
import io.sparklm.batch.Batches;
import io.sparklm.model.layers.LmHeadLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-layout LM head: output layout, label mask, score reuse after backprop, runtime vs. the layer's SameDiff
 * definition, old-checkpoint refusal.
 */
@ExtendWith(DoublePrecision.class)
class LmHeadLayerTest {
    static final ModelConfig M = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0).withData(11, 5, 1);

    static MultiDataSet batch(int[][] ids) {
        return Batches.toMultiDataSet(ids, null, null, null, M, null, 1, 0);
    }

    @Test
    void outputIsBatchTimeVocabAndRowsAreDistributions() {
        ComputationGraph g = TransformerModel.build(M, TinyModels.optim(1e-3, 0, 0));
        INDArray p = g.output(false, batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}}).getFeatures(), null, null)[0];
        assertArrayEquals(new long[]{2, 5, 11}, p.shape());
        INDArray sums = p.sum(2);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                assertEquals(1.0, sums.getDouble(b, t), 1e-9);
            }
        }
    }

    @Test
    void targetsAtMaskedPositionsChangeNeitherScoreNorGradient() {
        ComputationGraph g = TinyModels.noOpGraph(M, true);
        MultiDataSet a = batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}});
        MultiDataSet b = a.copy();
        b.getLabels(0).putScalar(new long[]{0, 0, 4}, 8);        // last position: no target (mask 0)
        b.getLabels(0).putScalar(new long[]{1, 0, 3}, 8);        // padding target (mask 0)
        assertEquals(0.0, a.getLabelsMaskArray(0).getDouble(0, 4));
        assertEquals(0.0, a.getLabelsMaskArray(0).getDouble(1, 3));
        double[] ga = gradient(g, a);
        assertArrayEquals(ga, gradient(g, b), 1e-12);
        assertEquals(g.score(a, false), g.score(b, false), 1e-12);
        MultiDataSet c = a.copy();
        c.getLabels(0).putScalar(new long[]{0, 0, 2}, 8);        // a predicted position does count
        assertNotEquals(g.score(a, false), g.score(c, false));
    }

    @Test
    void batchWithoutAnyTargetHasZeroLossAndZeroGradient() {
        ComputationGraph g = TinyModels.noOpGraph(M, true);
        MultiDataSet a = batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}});
        a.getLabelsMaskArray(0).assign(0);                       // e.g. an MLM batch where nothing was masked
        double[] grad = gradient(g, a);
        for (double v : grad) {
            assertEquals(0.0, v, 0.0);
        }
        assertEquals(0.0, g.score(), 0.0);
        assertEquals(0.0, g.score(a, false), 0.0);
    }

    @Test
    void trainingScoreReusedFromBackpropEqualsAFreshScore() {
        ComputationGraph g = TinyModels.noOpGraph(M, true);
        MultiDataSet a = batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}});
        MultiDataSet other = batch(new int[][]{{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}});
        g.setInputs(a.getFeatures());
        g.setLabels(a.getLabels());
        g.setLayerMaskArrays(a.getFeaturesMaskArrays(), a.getLabelsMaskArrays());
        g.computeGradientAndScore();
        double fromBackprop = g.score();
        double other1 = g.score(other, true);                   // a different batch is not served from the cache
        assertEquals(g.score(a, true), fromBackprop, 1e-12);
        assertNotEquals(fromBackprop, other1);
        // mean CE per predicted token, against the probabilities of output()
        double perToken = fromBackprop * 2 / Batches.predictedTokens(a);
        assertEquals(Evaluation.evaluate(g, java.util.List.of(a).iterator()).lossPerToken(), perToken, 1e-9);
    }

    @Test
    void scoreAddsTheNetworksPenaltyOnceLikeDl4jOutputLayers() {
        // bert + NSP: the NSP OutputLayer is the one DL4J layer with a decayed weight; its penalty enters the score
        // through the first output (the LM head), which must add it whole, as BaseOutputLayer does
        ModelConfig bert = TinyModels.bert(13, 8, 16, 1, 2, true, 0);
        ComputationGraph decayed = TransformerModel.build(bert, TinyModels.optim(1e-2, 5.0, 0));
        ComputationGraph plain = TransformerModel.build(bert, TinyModels.optim(1e-2, 0, 0));
        plain.setParams(decayed.params());
        int[][] ids = {{1, 5, 6, 7, 2, 8, 9, 2}, {1, 3, 4, 2, 10, 11, 12, 2}};
        int[][] labels = {{-1, 5, -1, -1, -1, 8, -1, -1}, {-1, -1, 4, -1, 10, -1, -1, -1}};
        int[][] segments = {{0, 0, 0, 0, 0, 1, 1, 1}, {0, 0, 0, 0, 1, 1, 1, 1}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, labels, segments, new int[] {0, 1}, bert, null, 1, 0);
        double penalty = decayed.calcRegularizationScore(true);
        assertTrue(penalty > 1e-4, "the NSP weight's penalty is visible: " + penalty);
        assertEquals(0.0, plain.calcRegularizationScore(true));
        assertEquals(plain.score(mds, false) + penalty, decayed.score(mds, false), 1e-6);
    }

    /** {@link #M} with its own head projection instead of the tied token embedding. */
    static final ModelConfig UNTIED = new ModelConfig(M.family(), M.vocabSize(), M.seqLen(), M.dModel(), M.nLayers(),
            M.nHeads(), M.dFf(), M.dropout(), M.positional(), M.nsp(), M.seed(), M.padId(), M.initStd(),
            M.decayEmbeddings(), M.dtype(), M.lossWithinDocuments(), M.norm(), false, M.layerNormEps());

    @Test
    void aTiedHeadEqualsAnUntiedOneWhoseProjectionIsTheEmbeddingTransposed() {
        ComputationGraph tied = TransformerModel.build(M, TinyModels.optim(1e-3, 0, 0));
        ComputationGraph untied = TransformerModel.build(UNTIED, TinyModels.optim(1e-3, 0, 0));
        assertEquals(tied.numParams() + 8L * 11, untied.numParams(), "untied: an own [d, V] projection");
        assertTrue(!tied.getLayer(TransformerModel.LM).paramTable().containsKey("W"));
        tied.paramTable().forEach((k, v) -> untied.paramTable().get(k).assign(v));
        untied.getLayer(TransformerModel.LM).getParam("W").assign(tied.getLayer("tokEmb").getParam("W").transpose());
        MultiDataSet a = batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}});
        assertEquals(0.0, tied.output(false, a.getFeatures(), null, null)[0]
                .sub(untied.output(false, a.getFeatures(), null, null)[0]).amaxNumber().doubleValue(), 1e-12);
        assertEquals(untied.score(a, false), tied.score(a, false), 1e-12);
        // the tied table's gradient is the untied head's W gradient (transposed) plus the embedding's own
        Map<String, INDArray> gt = gradients(tied, a);
        Map<String, INDArray> gu = gradients(untied, a);
        assertEquals(0.0, gt.get("tokEmb_W").sub(gu.get("tokEmb_W").add(gu.get("lm_W").transpose()))
                .amaxNumber().doubleValue(), 1e-12);
        assertEquals(0.0, gt.get("attn0_Wqkv").sub(gu.get("attn0_Wqkv")).amaxNumber().doubleValue(), 1e-12);
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, MultiDataSet m) {
        g.setInputs(m.getFeatures());
        g.setLabels(m.getLabels());
        g.setLayerMaskArrays(m.getFeaturesMaskArrays(), m.getLabelsMaskArrays());
        g.computeGradientAndScore();
        Map<String, INDArray> out = new LinkedHashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    @Test
    void runtimeAgreesWithTheSameDiffDefinition() {
        ComputationGraph g = TransformerModel.build(UNTIED, TinyModels.optim(1e-3, 0, 0));
        MultiDataSet a = batch(new int[][]{{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}});
        INDArray probs = g.output(false, a.getFeatures(), null, null)[0];                     // no masks, as feedForward
        INDArray hidden = g.feedForward(a.getFeatures(), false).get("lnf");                   // [B, d, T]
        LmHeadLayer conf = (LmHeadLayer) ((LayerVertex) g.getConfiguration().getVertices()
                .get(TransformerModel.LM)).getLayerConf().getLayer();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 8, 5);
        SDVariable labels = sd.placeHolder("labels", DataType.DOUBLE, -1, 2);
        Map<String, SDVariable> params = new LinkedHashMap<>();
        g.getLayer(TransformerModel.LM).paramTable().forEach((k, v) -> params.put(k, sd.var(k, v.dup())));
        SDVariable loss = conf.defineLayer(sd, x, labels, params);
        INDArray rows = Nd4j.zeros(DataType.DOUBLE, 10, 2);                                 // (target, weight)
        for (int i = 0; i < 10; i++) {
            rows.putScalar(i, 0, a.getLabels(0).getDouble(i / 5, 0, i % 5));
            rows.putScalar(i, 1, a.getLabelsMaskArray(0).getDouble(i / 5, i % 5));
        }
        Map<String, INDArray> out = sd.output(Map.of("x", hidden, "labels", rows), LmHeadLayer.PROBS, loss.name());
        assertEquals(0.0, out.get(LmHeadLayer.PROBS).sub(probs).amaxNumber().doubleValue(), 1e-12);
        assertEquals(out.get(loss.name()).getDouble(0) / 2, g.score(a, false), 1e-12);
    }

    @Test
    void refusesAGraphWithTheOldRnnOutputHead() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs(TransformerModel.TOKENS)
                .addLayer("tokEmb", new EmbeddingSequenceLayer.Builder().nIn(11).nOut(8).build(), TransformerModel.TOKENS)
                .addLayer(TransformerModel.LM, new RnnOutputLayer.Builder(new LossSparseMCXENT())
                        .activation(Activation.SOFTMAX).nIn(8).nOut(11).build(), "tokEmb")
                .setOutputs(TransformerModel.LM).build();
        ComputationGraph old = new ComputationGraph(conf);
        old.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LmHeadLayer.requireIn(old, TransformerModel.LM, "checkpoint x"));
        assertTrue(e.getMessage().contains("old LM head (RnnOutputLayer"), e.getMessage());
        LmHeadLayer.requireIn(TransformerModel.build(M, TinyModels.optim(1e-3, 0, 0)), TransformerModel.LM, "new");
    }

    private static double[] gradient(ComputationGraph g, MultiDataSet m) {
        g.setInputs(m.getFeatures());
        g.setLabels(m.getLabels());
        g.setLayerMaskArrays(m.getFeaturesMaskArrays(), m.getLabelsMaskArrays());
        g.computeGradientAndScore();
        return g.gradient().gradient().dup().toDoubleVector();
    }
}
