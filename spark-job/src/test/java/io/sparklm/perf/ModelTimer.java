package io.sparklm.perf;

import io.sparklm.batch.Batches;
import io.sparklm.optim.OptimConfig;
import io.sparklm.dl4j.OutputWorkspace;
import io.sparklm.model.TransformerModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.SplittableRandom;

/**
 * Times forward (inference, {@code output(false, ...)}) and training ({@code fit}: forward, backward, AdamW
 * update) steps of one {@link ModelShapes.Shape} on a fixed random batch (seed 1). Rates are tokens/s =
 * B*T*steps / wall seconds per run; the first {@code warmup} steps are not timed.
 */
public final class ModelTimer {
    /** AdamW as in the PyTorch reference: lr 3e-4 (constant over the few steps timed), wd 0.1, betas 0.9/0.95. */
    public static final OptimConfig OPTIM = new OptimConfig(3e-4, 3e-4, 0, 1_000_000, "constant", 0.1, 0.9, 0.95,
            1e-8, 0);

    private final ModelShapes.Shape shape;
    private final ComputationGraph graph;
    private final MultiDataSet batch;
    private final OutputWorkspace outputs = new OutputWorkspace();

    public ModelTimer(ModelShapes.Shape shape) {
        this(shape, TransformerModel.build(shape.model(), OPTIM));
    }

    public ModelTimer(ModelShapes.Shape shape, ComputationGraph graph) {
        this.shape = shape;
        this.graph = graph;
        this.batch = randomBatch(shape);
    }

    public static MultiDataSet randomBatch(ModelShapes.Shape shape) {
        SplittableRandom rnd = new SplittableRandom(1);
        int t = shape.model().seqLen();
        int[][] ids = new int[shape.batch()][t];
        for (int[] row : ids) {
            for (int i = 0; i < t; i++) {
                row[i] = rnd.nextInt(shape.model().vocabSize());
            }
        }
        return Batches.toMultiDataSet(ids, null, null, null, shape.model(), null, 1, 0);
    }

    public ComputationGraph graph() {
        return graph;
    }

    public MultiDataSet batch() {
        return batch;
    }

    /**
     * One forward pass (no gradients, inference mode) with the output in a reused {@link OutputWorkspace}, as
     * {@code Evaluation} runs it.
     */
    public void forwardStep() {
        outputs.apply(graph, batch.getFeatures(), batch.getFeaturesMaskArrays(), null, out -> out.length);
    }

    /** One forward pass returning fresh detached outputs ({@code ComputationGraph.output}, what a caller keeps). */
    public void forwardDetachedStep() {
        graph.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null);
    }

    /** One training step. */
    public void trainStep() {
        graph.fit(batch);
    }

    public BenchJson.Stats timeForward(int warmup, int steps, int runs) {
        return time(this::forwardStep, warmup, steps, runs);
    }

    public BenchJson.Stats timeForwardDetached(int warmup, int steps, int runs) {
        return time(this::forwardDetachedStep, warmup, steps, runs);
    }

    public BenchJson.Stats timeTrain(int warmup, int steps, int runs) {
        return time(this::trainStep, warmup, steps, runs);
    }

    private BenchJson.Stats time(Runnable step, int warmup, int steps, int runs) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            rates[r] = (double) shape.tokensPerStep() * steps / ((System.nanoTime() - t0) / 1e9);
        }
        return BenchJson.Stats.of(rates);
    }
}
