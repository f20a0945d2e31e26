package io.sparklm.train.engine;

import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.rng.Rng;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * {@code trainer=local}: plain single-process {@code ComputationGraph.fit} in the driver on the same data path; the
 * W blocks of a step form one minibatch of W x batch-size-per-worker records. Dropout masks are keyed by the
 * iteration and the minibatch ({@link KeyedDropout#bind}), and the global ND4J RNG is reseeded from (seed, step)
 * before every step, so a resumed run follows the same trajectory. The returned loss is the data loss only: DL4J's
 * score adds the weight-decay penalty computed before the update, which is subtracted again ({@link LossMath}).
 */
public final class LocalEngine implements StepEngine {
    private final ComputationGraph graph;
    private final BatchLoader loader;
    private final int workers;
    private final long seed;

    public LocalEngine(ComputationGraph graph, BatchLoader loader, int workers, long seed) {
        this.graph = graph;
        this.loader = loader;
        this.workers = workers;
        this.seed = seed;
    }

    @Override
    public int stepsPerCall() {
        return 1;
    }

    @Override
    public double fit(List<Block> blocks, long step, int nSteps) {
        double loss = Double.NaN;
        for (int s = 0; s < nSteps; s++) {
            List<Block> bs = blocks.subList(s * workers, (s + 1) * workers);
            MultiDataSet mds = loader.load(bs, bs.get(0).globalIndex());
            graph.getConfiguration().setIterationCount((int) (step + s));
            Nd4j.getRandom().setSeed(Rng.mix(seed, step + s, 0xD0L)); // any other consumer of the global RNG
            KeyedDropout.bind(graph, mds);
            double penalty = graph.calcRegularizationScore(true); // what fit's score adds, at the same params
            graph.fit(mds);
            loss = LossMath.perToken(LossMath.dataScore(graph.score(), penalty), mds);
        }
        return loss;
    }

    @Override
    public ComputationGraph model() {
        return graph;
    }
}
