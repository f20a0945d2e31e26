package io.sparklm.train.sync;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.train.engine.GradientStep;
import io.sparklm.train.engine.ParamChecksum;
import io.sparklm.train.engine.SparkEngine;
import io.sparklm.train.engine.StepEngine;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code trainer=sync}: synchronous data parallelism on Spark. Every step is one Spark job of {@code workers}
 * tasks; task w brings a replica of the model kept in its executor JVM to the current step and returns the raw
 * gradient of worker w's micro-batches ({@link SyncWorkerStep}); the driver sums the gradients in worker order
 * (deterministic), takes one optimizer step on its own model ({@link GradientStep#apply}: global-norm clipping,
 * Adam, weight decay) and broadcasts the summed gradient ({@link StepUpdate}), which every replica applies
 * identically at the start of the next step. Mathematically the single-process step on the global batch; only
 * gradients move (each step: one gradient per worker up, one broadcast down). Replicas that are missing or stale
 * are rebuilt from a broadcast {@link ModelSnapshot} of the driver's state (the first step, executor loss).
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
    private Broadcast<StepUpdate> lastUpdate;
    private Broadcast<ModelSnapshot> snapshot;
    private StepStats lastStats;
    private long steps;
    private long bytesUp;
    private long bytesDown;
    private double wallSeconds;
    private double computeSeconds;

    /** Bytes moved and seconds of the last step: gradients up, update down, wall time, slowest worker's compute. */
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
        if (lastUpdate == null || lastUpdate.value().version() != step) {
            refreshSnapshot(step);
        }
        List<WorkerGradient> results = runJob(shares, step);
        int rebuilt = 0;
        if (results.stream().anyMatch(WorkerGradient::needsSync)) {
            refreshSnapshot(step);
            results = runJob(shares, step);
            if (results.stream().anyMatch(WorkerGradient::needsSync)) {
                throw new IllegalStateException("sync step " + (step + 1) + ": a worker could not build its replica"
                        + " from the snapshot of step " + step);
            }
        }
        float[] sum = null;
        long examples = 0;
        long tokens = 0;
        double lossSum = 0;
        double maxCompute = 0;
        for (WorkerGradient r : results) { // collect() keeps partition (= worker) order: a deterministic sum
            sum = add(sum, r.gradient());
            examples += r.examples();
            tokens += r.tokens();
            lossSum += r.lossSum();
            maxCompute = Math.max(maxCompute, r.computeSeconds());
            rebuilt += r.rebuilt() ? 1 : 0;
        }
        master.getConfiguration().setIterationCount((int) step);
        GradientStep.apply(master, Nd4j.createFromArray(sum).reshape(1, sum.length), examples, tokens, maxNorm);
        StepUpdate u = new StepUpdate(step + 1, sum, examples, tokens, maxNorm, ParamChecksum.of(master.params()));
        destroy(lastUpdate);
        lastUpdate = sc.broadcast(u);
        destroy(snapshot); // every replica is at this step now: a new snapshot is made only when one is needed
        snapshot = null;
        long bytes = 4L * sum.length;
        lastStats = new StepStats(bytes * workers, bytes, (System.nanoTime() - t0) / 1e9, maxCompute, rebuilt);
        steps++;
        bytesUp += lastStats.bytesUp();
        bytesDown += lastStats.bytesDown();
        wallSeconds += lastStats.wallSeconds();
        computeSeconds += maxCompute;
        return tokens > 0 ? lossSum / tokens : Double.NaN;
    }

    private List<WorkerGradient> runJob(List<WorkerShare> shares, long step) {
        SyncWorkerStep task = new SyncWorkerStep(runId, step, seed, loader,
                lastUpdate != null && lastUpdate.value().version() == step ? lastUpdate : null, snapshot);
        sc.setJobGroup(SparkEngine.JOB_GROUP, "sparklm sync training, step " + (step + 1), true);
        try {
            return sc.parallelize(shares, workers).mapPartitions(task).collect();
        } finally {
            sc.clearJobGroup();
        }
    }

    private void refreshSnapshot(long step) {
        if (snapshot == null || snapshot.value().version() != step) {
            destroy(snapshot);
            snapshot = sc.broadcast(ModelSnapshot.of(master, step));
        }
    }

    private static float[] add(float[] sum, float[] g) {
        if (sum == null) {
            return g.clone();
        }
        if (g.length != sum.length) {
            throw new IllegalStateException("workers returned gradients of " + sum.length + " and " + g.length
                    + " values");
        }
        for (int i = 0; i < g.length; i++) {
            sum[i] += g[i];
        }
        return sum;
    }

    private static void destroy(Broadcast<?> b) {
        if (b != null) {
            b.destroy();
        }
    }

    /**
     * Per step over the run: gradient bytes up (all workers), update bytes down (one broadcast), wall seconds, and
     * the rest of the step beyond its slowest worker's compute (scheduling, transfers, the driver's sum and update).
     */
    @Override
    public String summary() {
        if (steps == 0) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "sync: %d steps, per step %.2f MB of gradients up, %.2f MB of"
                        + " update down, %.3f s, of which %.3f s outside the slowest worker's compute", steps,
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
        destroy(lastUpdate);
        destroy(snapshot);
        lastUpdate = null;
        snapshot = null;
        Replicas.drop(runId);
    }
}
