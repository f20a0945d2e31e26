package io.sparklm.train.engine;

import io.sparklm.config.ConfigMap;
import io.sparklm.batch.Batches;
import io.sparklm.eval.Evaluation;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logged training loss is the data loss only: DL4J's score adds the weight-decay penalty of its own layers
 * (here: a DL4J output layer; TransformerModel's SameDiff layers report none), which the engines
 * (local) and the worker hook (parameter averaging) take out again. The reference is {@link Evaluation} (softmax
 * outputs, no dropout) of the model before the step on the same batch; both are float32 sums of ~1,000 token
 * losses, so they agree to ~1e-7 relative (measured 6e-8); the tolerance 1e-5 relative is 700x below the penalty of weight
 * decay 1.0 at initialisation.
 */
public class TrainLossTest {
    static final int VOCAB = 64;
    static final int SEQ = 16;
    /** Large enough that the penalty at initialisation (~0.03 nats/token) is far above the tolerance. */
    public static final double WD = 1.0;
    public static final double TOL = 1e-5;

    public static Map<String, String> keys(double wd) {
        return Map.of("family", "gpt", "d-model", "32", "n-layers", "1", "n-heads", "2", "dropout", "0",
                "lr", "1e-3", "schedule", "constant", "warmup-steps", "0", "weight-decay", "" + wd, "seed", "5");
    }

    public static ComputationGraph model(double wd) {
        ConfigMap c = ConfigMap.of(keys(wd));
        return TransformerModel.build(ModelConfig.from(c, VOCAB, SEQ, -1), OptimConfig.from(ConfigMap.of(keys(wd))));
    }

    /** Synthetic windows, next = (3 t + 1) mod V with probability 0.7; seeded by (shard, record). */
    public static final class Loader implements BatchLoader {
        @Override
        public MultiDataSet load(List<Block> blocks, long step) {
            ModelConfig m = ModelConfig.from(ConfigMap.of(keys(0)), VOCAB, SEQ, -1);
            List<int[]> rows = new ArrayList<>();
            for (Block b : blocks) {
                for (long r = b.first(); r < b.first() + b.count(); r++) {
                    SplittableRandom rnd = new SplittableRandom(b.shardUri().hashCode() * 31L + r);
                    int[] ids = new int[SEQ];
                    ids[0] = rnd.nextInt(VOCAB);
                    for (int i = 1; i < SEQ; i++) {
                        ids[i] = rnd.nextDouble() < 0.7 ? (3 * ids[i - 1] + 1) % VOCAB : rnd.nextInt(VOCAB);
                    }
                    rows.add(ids);
                }
            }
            return Batches.toMultiDataSet(rows.toArray(new int[0][]), null, null, null, m, null, 0, step);
        }
    }

    public static List<Block> blocks() {
        return List.of(new Block("mem://a", 0, 0, 8, 0, 0, 0), new Block("mem://b", 1, 0, 8, 0, 1, 1));
    }

    public static double evalLoss(ComputationGraph g, List<Block> bs) {
        return Evaluation.evaluate(g, List.of(new Loader().load(bs, 0)).iterator()).lossPerToken();
    }

    /**
     * TestModels' one-hot model with weight decay {@link #WD} on its DL4J output layer, whose penalty DL4J adds to
     * score() (the transformer's SameDiff layers and LM head report none: the correction is a no-op for them).
     */
    static ComputationGraph penalized() {
        ComputationGraph g = io.sparklm.train.TestModels.tiny(5, 16, 0.0);
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) g.getLayer("out").conf().getLayer()).setRegularization(
                List.of(new org.nd4j.linalg.learning.regularization.WeightDecay(WD, false)));
        return g;
    }

    static double evalLoss(ComputationGraph g, BatchLoader loader, List<Block> bs) {
        return Evaluation.evaluate(g, List.of(loader.load(bs, 0)).iterator()).lossPerToken();
    }

    @Test
    void localLossIsDataLossWithWeightDecay() {
        ComputationGraph g = penalized();
        BatchLoader loader = new io.sparklm.train.TestModels.SyntheticLoader();
        double expected = evalLoss(g, loader, blocks());
        double penaltyPerToken = LossMath.perToken(g.calcRegularizationScore(true), loader.load(blocks(), 0));
        double loss = new LocalEngine(g, loader, 2, 1, 5, 0).fit(blocks(), 0, 1);
        assertTrue(penaltyPerToken > 50 * TOL * expected, "weight decay must make a visible penalty: " + penaltyPerToken);
        assertEquals(expected, loss, TOL * expected);
    }

    @Test
    void transformerLossIsDataLossWithWeightDecay() {
        ComputationGraph g = model(WD);
        double expected = evalLoss(g, blocks());
        assertEquals(0.0, g.calcRegularizationScore(true), "SameDiff layers report no penalty");
        assertEquals(expected, new LocalEngine(g, new Loader(), 2, 1, 5, 0).fit(blocks(), 0, 1), TOL * expected);
    }

    @Test
    void localLossUnchangedWithoutWeightDecay() {
        ComputationGraph a = model(0);
        ComputationGraph b = a.clone();
        MultiDataSet mds = new Loader().load(blocks(), 0);
        double loss = new LocalEngine(a, new Loader(), 2, 1, 5, 0).fit(blocks(), 0, 1);
        b.getConfiguration().setIterationCount(0);
        io.sparklm.model.layers.KeyedDropout.bind(b, mds);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(io.sparklm.rng.Rng.mix(5, 0, 0xD0L));
        b.fit(mds);
        assertEquals(0.0, a.calcRegularizationScore(true));
        assertEquals(LossMath.perToken(b.score(), mds), loss, 0.0); // bit-identical to DL4J's raw score
    }

    @Test
    void workerHookLeavesDataLossAsTheWorkerScore() {
        ComputationGraph g = penalized();
        BatchLoader loader = new io.sparklm.train.TestModels.SyntheticLoader();
        MultiDataSet mds = loader.load(blocks(), 0);
        double expected = evalLoss(g, loader, blocks());
        WorkerStepHook hook = new WorkerStepHook();
        hook.preUpdate(mds, g);
        g.fit(mds);
        double raw = LossMath.perToken(g.score(), mds);
        hook.postUpdate(mds, g);
        double logged = LossMath.perToken(g.score(), mds);
        assertEquals(expected, logged, TOL * expected);
        assertTrue(raw - logged > 50 * TOL * expected, "raw DL4J score includes the penalty: " + raw + " vs " + logged);
    }
}
