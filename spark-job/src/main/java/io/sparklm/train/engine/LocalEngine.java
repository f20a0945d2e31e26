package io.sparklm.train.engine;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.rng.Rng;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * {@code trainer=local}: single-process training in the driver on the same data path. The {@code workers} blocks
 * of an accumulation round form one minibatch of workers x batch-size-per-worker records; the raw gradients of
 * the {@code accumulation} rounds are summed and applied in one optimizer update ({@link GradientStep}). Dropout
 * masks are keyed by the iteration and the minibatch, and the global ND4J RNG is reseeded from (seed, step) before
 * every step, so a resumed run follows the same trajectory. The loss is the step's data loss per predicted token.
 */
public final class LocalEngine implements StepEngine {
    private final ComputationGraph graph;
    private final BatchLoader loader;
    private final int workers;
    private final int accumulation;
    private final long seed;
    private final double maxNorm;
    private final GradientSum sum = new GradientSum();

    /** {@code accumulation}: minibatches summed per step; {@code maxNorm}: global-norm clip, 0 = off. */
    public LocalEngine(ComputationGraph graph, BatchLoader loader, int workers, int accumulation, long seed,
                       double maxNorm) {
        this.graph = graph;
        this.loader = loader;
        this.workers = workers;
        this.accumulation = accumulation;
        this.seed = seed;
        this.maxNorm = maxNorm;
    }

    @Override
    public int stepsPerCall() {
        return 1;
    }

    @Override
    public double fit(List<Block> blocks, long step, int nSteps) {
        int perStep = workers * accumulation;
        double loss = Double.NaN;
        for (int s = 0; s < nSteps; s++) {
            graph.getConfiguration().setIterationCount((int) (step + s));
            Nd4j.getRandom().setSeed(Rng.mix(seed, step + s, 0xD0L)); // any other consumer of the global RNG
            sum.reset();
            for (int a = 0; a < accumulation; a++) {
                int from = s * perStep + a * workers;
                List<Block> round = blocks.subList(from, from + workers);
                MultiDataSet mds = loader.load(round, round.get(0).globalIndex());
                if (accumulation == 1) { // apply the graph's own gradient view: no copy
                    GradientStep.apply(graph, GradientStep.computeOnly(graph, mds, sum), sum.examples(),
                            sum.tokens(), maxNorm);
                } else {
                    GradientStep.accumulate(graph, mds, sum);
                }
            }
            if (accumulation > 1) {
                GradientStep.apply(graph, sum.gradient(), sum.examples(), sum.tokens(), maxNorm);
            }
            loss = sum.lossPerToken();
        }
        return loss;
    }

    @Override
    public ComputationGraph model() {
        return graph;
    }
}
