package io.sparklm.train.sync;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.rng.Rng;
import io.sparklm.train.engine.GradientStep;
import io.sparklm.train.engine.GradientSum;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executor side of one synchronous step {@code step}: takes a replica of this JVM (or builds one) and sets its
 * parameters to the broadcast {@link ModelSnapshot} of the driver's model at {@code step}, then sums the raw
 * gradients of the worker's micro-batches on it ({@link GradientStep#accumulate}) and leaves the sum in this
 * executor's block manager for the driver ({@link GradientBlocks}). Parameters do not change here: the driver alone
 * takes the optimizer step.
 */
final class SyncWorkerStep implements FlatMapFunction<Iterator<WorkerShare>, WorkerGradient> {
    private static final long serialVersionUID = 2L;
    private final String runId;
    private final long step;
    private final long seed;
    private final BatchLoader loader;
    private final Broadcast<ModelSnapshot> snapshot;

    SyncWorkerStep(String runId, long step, long seed, BatchLoader loader, Broadcast<ModelSnapshot> snapshot) {
        this.runId = runId;
        this.step = step;
        this.seed = seed;
        this.loader = loader;
        this.snapshot = snapshot;
    }

    @Override
    public Iterator<WorkerGradient> call(Iterator<WorkerShare> shares) {
        List<WorkerGradient> out = new ArrayList<>(1);
        while (shares.hasNext()) {
            out.add(run(shares.next()));
        }
        return out.iterator();
    }

    private WorkerGradient run(WorkerShare share) {
        ModelSnapshot s = snapshot.value();
        if (s.version() != step) {
            throw new IllegalStateException("sync step " + (step + 1) + " got the snapshot of step " + s.version());
        }
        Replicas.Replica r = Replicas.take(runId, step);
        boolean rebuilt = r == null;
        if (rebuilt) {
            r = new Replicas.Replica(s.newReplica(), step);
        } else if (r.version != step) {
            s.copyTo(r.net);
            r.version = step;
        }
        try {
            long t0 = System.nanoTime();
            r.net.getConfiguration().setIterationCount((int) step);
            Nd4j.getRandom().setSeed(Rng.mix(seed, step, 0xD0L)); // as the local engine: any other RNG consumer
            List<Block> blocks = share.blocks();
            GradientSum counts;
            INDArray g;
            if (blocks.size() == 1) { // no accumulation: the graph's own gradient view, no copy
                counts = new GradientSum();
                Block b = blocks.get(0);
                g = GradientStep.computeOnly(r.net, loader.load(List.of(b), b.globalIndex()), counts);
            } else {
                if (r.sum == null) {
                    r.sum = new GradientSum();
                }
                r.sum.reset();
                for (Block b : blocks) {
                    GradientStep.accumulate(r.net, loader.load(List.of(b), b.globalIndex()), r.sum);
                }
                counts = r.sum;
                g = r.sum.gradient();
            }
            return new WorkerGradient(share.worker(), GradientBlocks.put(g), counts.examples(), counts.tokens(),
                    counts.lossSum(), (System.nanoTime() - t0) / 1e9, rebuilt);
        } finally {
            Replicas.release(runId, r);
        }
    }
}
