package io.sparklm.train.engine;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Spark training through {@link SparkComputationGraph} and a DL4J {@link TrainingMaster} (parameter averaging or
 * gradient sharing). Only block descriptors are parallelized from the driver, worker-major with exactly
 * {@code workers} partitions (partition w = the blocks of worker w for the call's steps, in step order); executors
 * read the records themselves. The RDD is not cached here (DL4J persists it). A {@link WorkerStepHook} gives each
 * worker the call's start iteration (DL4J's workers would restart at 0), binds each minibatch's dropout key and
 * takes the weight-decay penalty out of each worker's score, so the averaged score DL4J reports is the data loss.
 */
public final class SparkEngine implements StepEngine {
    /** Spark job group of every training call; cancelling it interrupts the call's tasks. */
    public static final String JOB_GROUP = "sparklm-train";
    private final JavaSparkContext sc;
    private final SparkComputationGraph sparkNet;
    private final BatchLoader loader;
    private final int workers;
    private final int accumulation;
    private final int stepsPerCall;
    private final double tokensPerExample;
    private final WorkerStepHook hook = new WorkerStepHook();
    private final List<TrainingListener> workerListeners;
    private final boolean shared;

    /**
     * {@code accumulation}: minibatches per worker and step (averaging only); {@code tokensPerExample}: mean predicted
     * tokens per example, converts DL4J's per-example score.
     */
    public SparkEngine(JavaSparkContext sc, ComputationGraph graph, TrainingMaster tm,
                       List<TrainingListener> workerListeners, BatchLoader loader, int workers, int accumulation,
                       int stepsPerCall, double tokensPerExample) {
        this.sc = sc;
        tm.addHook(hook); // parameter averaging calls it on every worker; gradient sharing never calls hooks
        this.sparkNet = new SparkComputationGraph(sc, graph, tm);
        this.workerListeners = List.copyOf(workerListeners);
        this.shared = tm instanceof org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
        if (!workerListeners.isEmpty()) {
            sparkNet.setListeners(workerListeners); // workers rebuild the net from JSON: listeners travel this way
        }
        this.loader = loader;
        this.workers = workers;
        this.accumulation = accumulation;
        this.stepsPerCall = stepsPerCall;
        this.tokensPerExample = tokensPerExample;
    }

    @Override
    public int stepsPerCall() {
        return stepsPerCall;
    }

    @Override
    public double fit(List<Block> blocks, long step, int nSteps) {
        List<Block> workerMajor = new ArrayList<>(blocks.size());
        int perStep = workers * accumulation;
        for (int w = 0; w < workers; w++) {
            for (int s = 0; s < nSteps; s++) {
                for (int a = 0; a < accumulation; a++) {
                    workerMajor.add(blocks.get(s * perStep + a * workers + w));
                }
            }
        }
        BatchLoader l = loader;
        JavaRDD<MultiDataSet> data = sc.parallelize(workerMajor, workers)
                .map(b -> l.load(List.of(b), b.globalIndex()));
        ComputationGraph g = sparkNet.getNetwork();
        g.getConfiguration().setIterationCount((int) step);
        hook.startIteration((int) step);
        org.apache.spark.broadcast.Broadcast<float[]> driverParams = null;
        if (shared) { // gradient sharing calls no hooks: a listener syncs its workers to the driver's step and params
            driverParams = sc.broadcast(g.params().toFloatVector());
            List<TrainingListener> withCall = new ArrayList<>(workerListeners);
            withCall.add(new SharedWorkerIteration((int) step, new BroadcastParams(driverParams)));
            sparkNet.setListeners(withCall);
        }
        sc.setJobGroup(JOB_GROUP, "sparklm training, steps " + (step + 1) + ".." + (step + nSteps), true);
        try {
            sparkNet.fitMultiDataSet(data);
        } finally {
            sc.clearJobGroup();
            if (driverParams != null) {
                driverParams.destroy();
            }
        }
        sparkNet.getNetwork().getConfiguration().setIterationCount((int) (step + nSteps));
        if (data.getStorageLevel() != org.apache.spark.storage.StorageLevel.NONE()) {
            data.unpersist(false);
        }
        double score = sparkNet.getScore();
        // gradient sharing does not report a score (0.0): say "unknown" rather than a fake zero loss
        return score == 0.0 ? Double.NaN : score / tokensPerExample;
    }

    /**
     * Gradient sharing reports no score (DL4J's SharedTrainingWrapper returns the score of its untrained original
     * model when it trains replicas): measure on the driver the loss of the updated model on the call's last step
     * (each worker's minibatch as that worker loaded it, no dropout), averaged over workers like DL4J's scores.
     */
    @Override
    public double loggedLoss(double fitLoss, List<Block> blocks, int nSteps) {
        if (!Double.isNaN(fitLoss)) {
            return fitLoss;
        }
        ComputationGraph g = sparkNet.getNetwork();
        double sum = 0;
        int perStep = workers * accumulation;
        for (Block b : blocks.subList((nSteps - 1) * perStep, (nSteps - 1) * perStep + workers)) {
            MultiDataSet mds = loader.load(List.of(b), b.globalIndex());
            double score = LossMath.dataScore(g.score(mds, false), g.calcRegularizationScore(true));
            sum += LossMath.perToken(score, mds);
        }
        return sum / workers;
    }

    @Override
    public ComputationGraph model() {
        return sparkNet.getNetwork();
    }

    @Override
    public void close() {
        sparkNet.getTrainingMaster().deleteTempFiles(sc);
        if (sparkNet.getTrainingMaster() instanceof ReusingParameterAveraging m) {
            m.releaseLocal();
        }
    }

    /** The driver's parameters at a call, as a broadcast the workers read once per call. */
    private record BroadcastParams(org.apache.spark.broadcast.Broadcast<float[]> value)
            implements SharedWorkerIteration.DriverParams {
        @Override
        public float[] get() {
            return value.value();
        }
    }
}
