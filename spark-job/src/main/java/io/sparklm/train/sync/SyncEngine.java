package io.sparklm.train.sync;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.train.engine.GradientStep;
import io.sparklm.train.engine.SparkEngine;
import io.sparklm.train.engine.StepEngine;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code trainer=sync}: synchronous data parallelism on Spark. Every step is one Spark job of {@code workers}
 * tasks over a broadcast {@link ModelSnapshot} of the driver's parameters; task w sets a replica kept in its
 * executor JVM to those parameters and returns the raw gradient of worker w's micro-batches
 * ({@link SyncWorkerStep}); the driver sums the gradients in worker order (deterministic) and takes one optimizer
 * step on its own model ({@link GradientStep#apply}: global-norm clipping, Adam, weight decay). Mathematically the
 * single-process step on the global batch. Each step moves one gradient per worker up and one copy of the
 * parameters down; only the driver holds optimizer state, and a replica that is missing (the first step, a new or
 * restarted executor) is built from the same broadcast.
 */
public final class SyncEngine implements StepEngine {
    private final JavaSparkContext sc;
    private final ComputationGraph master;
    private final BatchLoader loader;
    private final int workers;
    private final int accumulation;
    private final long seed;
    private final double maxNorm;
    private final String runId = UUID.randomUUID().toString();
    private Broadcast<ModelSnapshot> snapshot;
    private StepStats lastStats;
    private long steps;
    private long bytesUp;
    private long bytesDown;
    private double wallSeconds;
    private double computeSeconds;

    /**
     * Bytes moved and seconds of the last step: gradients up, parameters down, wall time, slowest worker's compute,
     * replicas built from the snapshot.
     */
    public record StepStats(long bytesUp, long bytesDown, double wallSeconds, double maxComputeSeconds,
                            int rebuiltReplicas) {}

    /** {@code accumulation}: micro-batches per worker and step; {@code maxNorm}: global-norm clip, 0 = off. */
    public SyncEngine(JavaSparkContext sc, ComputationGraph master, BatchLoader loader, int workers,
                      int accumulation, long seed, double maxNorm) {
        this.sc = sc;
        this.master = master;
        this.loader = loader;
        this.workers = workers;
        this.accumulation = accumulation;
        this.seed = seed;
        this.maxNorm = maxNorm;
        if (master.getGradientsViewArray() == null) {
            master.initGradientsView();
        }
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
            loss = step(blocks.subList(s * perStep, (s + 1) * perStep), step + s);
        }
        return loss;
    }

    /** One step over its {@code workers * accumulation} blocks (accumulation round-major); the data loss per token. */
    private double step(List<Block> blocks, long step) {
        long t0 = System.nanoTime();
        List<WorkerShare> shares = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            List<Block> own = new ArrayList<>(accumulation);
            for (int a = 0; a < accumulation; a++) {
                own.add(blocks.get(a * workers + w));
            }
            shares.add(new WorkerShare(w, own));
        }
        destroy(snapshot);
        snapshot = sc.broadcast(ModelSnapshot.of(master, step));
        INDArray sum = master.getGradientsViewArray(); // the driver computes no gradient of its own
        List<WorkerGradient> results = runJob(shares, step);
        if (!gather(results, sum)) { // an executor was lost after its task: run the step again without it
            results = runJob(shares, step);
            if (!gather(results, sum)) {
                throw new IllegalStateException("sync step " + (step + 1) + ": a worker's gradient was lost twice");
            }
        }
        long examples = 0;
        long tokens = 0;
        double lossSum = 0;
        double maxCompute = 0;
        int rebuilt = 0;
        for (WorkerGradient r : results) {
            examples += r.examples();
            tokens += r.tokens();
            lossSum += r.lossSum();
            maxCompute = Math.max(maxCompute, r.computeSeconds());
            rebuilt += r.rebuilt() ? 1 : 0;
        }
        master.getConfiguration().setIterationCount((int) step);
        GradientStep.apply(master, sum, examples, tokens, maxNorm);
        long bytes = 4L * sum.length();
        lastStats = new StepStats(bytes * workers, bytes, (System.nanoTime() - t0) / 1e9, maxCompute, rebuilt);
        steps++;
        bytesUp += lastStats.bytesUp();
        bytesDown += lastStats.bytesDown();
        wallSeconds += lastStats.wallSeconds();
        computeSeconds += maxCompute;
        return tokens > 0 ? lossSum / tokens : Double.NaN;
    }

    /**
     * Sums the workers' gradient blocks into {@code sum} in worker order (collect() keeps partition = worker order:
     * a deterministic sum); false, with every block removed, when one is gone.
     */
    private static boolean gather(List<WorkerGradient> results, INDArray sum) {
        boolean complete = true;
        for (int w = 0; w < results.size(); w++) {
            long block = results.get(w).block();
            if (complete) {
                complete = GradientBlocks.read(block, sum, w > 0); // removes the block, read or gone
            } else {
                GradientBlocks.remove(block);
            }
        }
        return complete;
    }

    private List<WorkerGradient> runJob(List<WorkerShare> shares, long step) {
        SyncWorkerStep task = new SyncWorkerStep(runId, step, seed, loader, snapshot);
        sc.setJobGroup(SparkEngine.JOB_GROUP, "sparklm sync training, step " + (step + 1), true);
        try {
            return sc.parallelize(shares, workers).mapPartitions(task).collect();
        } finally {
            sc.clearJobGroup();
        }
    }

    private static void destroy(Broadcast<?> b) {
        if (b != null) {
            b.destroy();
        }
    }

    /**
     * Per step over the run: gradient bytes up (all workers), parameter bytes down (one broadcast), wall seconds, and
     * the rest of the step beyond its slowest worker's compute (scheduling, transfers, the driver's sum and update).
     */
    @Override
    public String summary() {
        if (steps == 0) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "sync: %d steps, per step %.2f MB of gradients up, %.2f MB of"
                        + " parameters down, %.3f s, of which %.3f s outside the slowest worker's compute", steps,
                bytesUp / 1e6 / steps, bytesDown / 1e6 / steps, wallSeconds / steps,
                (wallSeconds - computeSeconds) / steps);
    }

    /** Bytes and seconds of the last step, null before the first. */
    public StepStats lastStats() {
        return lastStats;
    }

    @Override
    public ComputationGraph model() {
        return master;
    }

    @Override
    public void close() {
        destroy(snapshot);
        snapshot = null;
        Replicas.drop(runId);
    }
}
