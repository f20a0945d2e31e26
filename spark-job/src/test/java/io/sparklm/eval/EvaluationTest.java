package io.sparklm.eval;

import io.sparklm.model.TinyModels;
import io.sparklm.model.NativeThreads;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.ModelConfig;
import io.sparklm.eval.EvalResult;
import io.sparklm.eval.Evaluation;
import io.sparklm.batch.MaskingSpec;
import io.sparklm.batch.Batches;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vectorized {@link Evaluation} equals a per-element reference loop (the previous implementation) and agrees
 * with DL4J's score() where both measure the same thing.
 */
class EvaluationTest {
    @BeforeAll
    static void singleThreaded() {
        NativeThreads.one();
    }

    /**
     * The pre-vectorization implementation, element by element (sparse [B,1,T] or one-hot [B,V,T] labels), on the
     * [B, V, T] view of the output whatever the head's layout.
     */
    static EvalResult loop(ComputationGraph g, Iterator<MultiDataSet> batches) {
        double nll = 0;
        long n = 0;
        long correct = 0;
        boolean mlm = g.getConfiguration().getNetworkInputs().size() > 1;
        while (batches.hasNext()) {
            MultiDataSet mds = batches.next();
            INDArray out = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                    mds.getLabelsMaskArrays())[0];
            INDArray probs = Evaluation.vocabAxis(g) == 2 ? out.permute(0, 2, 1) : out;   // [B, V, T] here
            INDArray labels = mds.getLabels(0);
            INDArray ids = labels.size(1) == 1 ? labels : labels.argMax(1).reshape(labels.size(0), 1, labels.size(2));
            INDArray mask = mds.getLabelsMaskArray(0);
            INDArray argmax = probs.argMax(1);
            for (long i = 0; i < labels.size(0); i++) {
                for (long j = 0; j < labels.size(2); j++) {
                    if (mask != null && mask.getDouble(i, j) <= 0) {
                        continue;
                    }
                    int y = (int) ids.getDouble(i, 0, j);
                    nll -= Math.log(Math.max(probs.getDouble(i, y, j), 1e-45));
                    n++;
                    if (argmax.getLong(i, j) == y) {
                        correct++;
                    }
                }
            }
        }
        double loss = n == 0 ? Double.NaN : nll / n;
        return new EvalResult(loss, Math.exp(loss), mlm && n > 0 ? (double) correct / n : Double.NaN, n);
    }

    /** The previous trainer evaluator: DL4J's score() (per example) converted to nats per predicted token. */
    static double scoreBased(ComputationGraph g, List<MultiDataSet> batches) {
        double sum = 0;
        double tokens = 0;
        for (MultiDataSet m : batches) {
            sum += g.score(m, false) * m.getFeatures(0).size(0);
            tokens += Batches.predictedTokens(m);
        }
        return sum / tokens;
    }

    static int[][] randomIds(int records, int len, int vocab, long seed, int padFrom) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] ids = new int[records][len];
        for (int r = 0; r < records; r++) {
            for (int t = 0; t < len; t++) {
                ids[r][t] = r == 0 && t >= padFrom ? 0 : 1 + rnd.nextInt(vocab - 1);
            }
        }
        return ids;
    }

    static List<MultiDataSet> gptBatches(ModelConfig m) {
        return List.of(Batches.toMultiDataSet(randomIds(3, 8, 11, 1, 5), null, null, null, m, null, 1, 0),
                Batches.toMultiDataSet(randomIds(2, 8, 11, 2, 8), null, null, null, m, null, 1, 1));
    }

    static List<MultiDataSet> bertBatches(ModelConfig m) {
        MaskingSpec spec = new MaskingSpec(0.4, 2, 13, new int[] {0, 2});
        return List.of(Batches.toMultiDataSet(randomIds(4, 8, 13, 3, 6), null, null, null, m, spec, 1, 0),
                Batches.toMultiDataSet(randomIds(3, 8, 13, 4, 8), null, null, null, m, spec, 1, 1));
    }

    static void assertSame(EvalResult expected, EvalResult actual) {
        assertEquals(expected.tokens(), actual.tokens());
        assertEquals(expected.lossPerToken(), actual.lossPerToken(), 1e-9 * expected.lossPerToken());
        assertEquals(expected.perplexity(), actual.perplexity(), 1e-9 * expected.perplexity());
        assertEquals(expected.mlmAccuracy(), actual.mlmAccuracy(), 0.0);
    }

    @Test
    void vectorizedEqualsTheElementLoopForGptAndBert() {
        ModelConfig gpt = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.0).withData(11, 8, 0);
        ComputationGraph g = TransformerModel.build(gpt, TinyModels.optim(1e-3, 0, 0));
        List<MultiDataSet> gb = gptBatches(gpt);
        EvalResult r = Evaluation.evaluate(g, gb.iterator());
        assertSame(loop(g, gb.iterator()), r);
        assertEquals(3 * 7 - 3 + 2 * 7, r.tokens(), "padding targets are not predicted");
        assertTrue(Double.isNaN(r.mlmAccuracy()), "gpt: no MLM accuracy");

        ModelConfig bert = TinyModels.bert(13, 8, 16, 1, 2, false, 0);
        ComputationGraph b = TransformerModel.build(bert, TinyModels.optim(1e-2, 0, 0));
        List<MultiDataSet> bb = bertBatches(bert);
        for (int i = 0; i < 8; i++) { // a model that predicts something, so accuracy is neither 0 nor trivial
            b.fit(bb.get(0));
        }
        EvalResult e = Evaluation.evaluate(b, bb.iterator());
        assertSame(loop(b, bb.iterator()), e);
        assertTrue(e.mlmAccuracy() > 0 && e.mlmAccuracy() <= 1, "accuracy " + e);
        long masked = Batches.predictedTokens(bb.get(0)) + Batches.predictedTokens(bb.get(1));
        assertEquals(masked, e.tokens(), "only masked positions count");
    }

    @Test
    void oneHotLabelsWithoutMaskMatchTheLoop() {
        Evaluation.Totals t = new Evaluation.Totals(true);
        INDArray logits = Nd4j.rand(DataType.FLOAT, 3, 7, 5).muli(6);
        INDArray probs = org.nd4j.linalg.ops.transforms.Transforms.softmax(logits.permute(0, 2, 1).dup('c')
                .reshape(15, 7)).reshape(3, 5, 7).permute(0, 2, 1);                  // a view, not c-contiguous
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 3, 7, 5);
        SplittableRandom rnd = new SplittableRandom(9);
        double nll = 0;
        long hits = 0;
        INDArray argmax = probs.argMax(1);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                int y = rnd.nextInt(7);
                oneHot.putScalar(new long[] {i, y, j}, 1f);
                nll -= Math.log(probs.getDouble(i, y, j));
                hits += argmax.getLong(i, j) == y ? 1 : 0;
            }
        }
        t.add(probs.permute(0, 2, 1), oneHot, null);                                    // Totals takes [B, T, V]
        EvalResult r = t.result();
        assertEquals(15, r.tokens());
        assertEquals(nll / 15, r.lossPerToken(), 1e-12);
        assertEquals(hits / 15.0, r.mlmAccuracy(), 0.0);
    }

    @Test
    void lossAgreesWithTheOldScoreBasedValueExceptForTheWeightDecayTerm() {
        ModelConfig gpt = TinyModels.gpt(11, 8, 16, 1, 2, "float", 0.0).withData(11, 8, 0);
        ComputationGraph g = TransformerModel.build(gpt, TinyModels.optim(1e-3, 0, 0));
        List<MultiDataSet> gb = gptBatches(gpt);
        double old = scoreBased(g, gb);
        assertEquals(old, Evaluation.evaluate(g, gb.iterator()).lossPerToken(), 1e-4 * old);

        ModelConfig bert = TinyModels.bert(13, 8, 16, 1, 2, false, 0);
        ComputationGraph b = TransformerModel.build(bert, TinyModels.optim(1e-3, 0, 0));
        List<MultiDataSet> bb = bertBatches(bert);
        double oldB = scoreBased(b, bb);
        assertEquals(oldB, Evaluation.evaluate(b, bb.iterator()).lossPerToken(), 1e-4 * oldB);

        // the trainer tests' one-hot model (no label mask): same value as before, so their losses keep their meaning
        ComputationGraph tiny = io.sparklm.train.TestModels.tiny(3, 16, 0.1);
        List<MultiDataSet> tb = List.of(new io.sparklm.train.TestModels.SyntheticLoader().load(List.of(
                new io.sparklm.batch.Block("mem://val-0", 0, 0, 8, 0, 0, 0)), 0));
        double oldT = scoreBased(tiny, tb);
        EvalResult t = Evaluation.evaluate(tiny, tb.iterator());
        assertEquals(8 * io.sparklm.train.TestModels.SEQ, t.tokens());
        assertEquals(oldT, t.lossPerToken(), 1e-4 * oldT);

        // with weight decay, score() also adds calcRegularizationScore (coeff/2 |W|^2 of the DL4J layers' decayed
        // params: the one-hot test model's output layer here; TransformerModel's SameDiff layers report none)
        ComputationGraph d = io.sparklm.train.TestModels.tiny(3, 16, 0.0);
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) d.getLayer("out").conf().getLayer()).setRegularization(
                List.of(new org.nd4j.linalg.learning.regularization.WeightDecay(0.5, true)));
        double penalty = d.calcRegularizationScore(true) * 8 / (8.0 * io.sparklm.train.TestModels.SEQ);
        assertTrue(penalty > 0.01, "the penalty is visible: " + penalty);
        double fromOutputs = Evaluation.evaluate(d, tb.iterator()).lossPerToken();
        assertEquals(scoreBased(d, tb), fromOutputs + penalty, 1e-4 * fromOutputs);
    }

    @Test
    void aBatchEvaluatedAFewRowsAtATimeGivesTheSameResult() {
        io.sparklm.model.ModelConfig m = io.sparklm.model.TinyModels.bert(11, 6, 8, 1, 2, false, 0);
        org.deeplearning4j.nn.graph.ComputationGraph g = io.sparklm.model.TransformerModel.build(m,
                io.sparklm.model.TinyModels.optim(1e-3, 0, 0));
        org.nd4j.linalg.dataset.api.MultiDataSet mds = io.sparklm.batch.Batches.toMultiDataSet(
                new int[][]{{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}, {2, 6, 6, 3, 8, 3}},
                new int[][]{{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}, {-1, 4, -1, -1, -1, 9}},
                new int[][]{{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 1}}, null, m, null, 1, 0);
        EvalResult whole = Evaluation.evaluate(g, java.util.List.of(mds).iterator());
        EvalResult rowByRow = Evaluation.evaluate(g, java.util.List.of(mds).iterator(), 1);
        assertEquals(whole.tokens(), rowByRow.tokens());
        assertEquals(5, whole.tokens());
        assertEquals(whole.lossPerToken(), rowByRow.lossPerToken(), 1e-12);
        assertEquals(whole.mlmAccuracy(), rowByRow.mlmAccuracy(), 0.0);
    }
}
