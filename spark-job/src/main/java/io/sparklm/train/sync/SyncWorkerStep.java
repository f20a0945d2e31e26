package io.sparklm.train.sync;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.rng.Rng;
import io.sparklm.train.engine.GradientStep;
import io.sparklm.train.engine.ParamChecksum;
import io.sparklm.train.engine.GradientSum;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executor side of one synchronous step {@code step}: brings a replica of this JVM to version {@code step}
 * (applying the broadcast {@link StepUpdate} of the previous step, exactly as the driver did, or rebuilding it from
 * the broadcast {@link ModelSnapshot}), then sums the raw gradients of the worker's micro-batches on it
 * ({@link GradientStep#accumulate}). Parameters do not change here: the next step's update is applied by the next
 * task. A worker that can reach neither returns {@link WorkerGradient#needsSync}.
 */
final class SyncWorkerStep implements FlatMapFunction<Iterator<WorkerShare>, WorkerGradient> {
    private static final long serialVersionUID = 1L;
    private final String runId;
    private final long step;
    private final long seed;
    private final BatchLoader loader;
    private final Broadcast<StepUpdate> update;
    private final Broadcast<ModelSnapshot> snapshot;

    SyncWorkerStep(String runId, long step, long seed, BatchLoader loader, Broadcast<StepUpdate> update,
                   Broadcast<ModelSnapshot> snapshot) {
        this.runId = runId;
        this.step = step;
        this.seed = seed;
        this.loader = loader;
        this.update = update;
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
        Replicas.Replica r = Replicas.take(runId, step);
        boolean rebuilt = false;
        r = advance(r);
        if (r == null) {
            ModelSnapshot s = snapshot == null ? null : snapshot.value();
            if (s == null || s.version() != step) {
                return WorkerGradient.needsSync(share.worker());
            }
            r = new Replicas.Replica(s.newReplica(), step);
            rebuilt = true;
        }
        try {
            long t0 = System.nanoTime();
            r.net.getConfiguration().setIterationCount((int) step);
            Nd4j.getRandom().setSeed(Rng.mix(seed, step, 0xD0L)); // as the local engine: any other RNG consumer
            GradientSum sum = new GradientSum();
            for (Block b : share.blocks()) {
                GradientStep.accumulate(r.net, loader.load(List.of(b), b.globalIndex()), sum);
            }
            return new WorkerGradient(share.worker(), sum.gradient().toFloatVector(), sum.examples(), sum.tokens(),
                    sum.lossSum(), (System.nanoTime() - t0) / 1e9, false, rebuilt);
        } finally {
            Replicas.release(runId, r);
        }
    }

    /** Copies {@code src} into the contiguous row vector {@code target} (bulk, in place for float). */
    static void copyInto(INDArray target, float[] src) {
        if (target.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && target.offset() == 0
                && target.elementWiseStride() == 1) {
            target.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(src);
        } else {
            target.assign(Nd4j.createFromArray(src).reshape(target.shape()));
        }
    }

    /** {@code r} at version {@code step}, or null when it cannot get there (absent, stale, checksum mismatch). */
    private Replicas.Replica advance(Replicas.Replica r) {
        if (r == null || r.version == step) {
            return r;
        }
        StepUpdate u = update == null ? null : update.value();
        if (r.version != step - 1 || u == null || u.version() != step) {
            return null;
        }
        if (r.updateBuffer == null || r.updateBuffer.length() != u.gradient().length) {
            r.updateBuffer = Nd4j.create(r.net.params().dataType(), 1, u.gradient().length);
        }
        INDArray g = r.updateBuffer;
        copyInto(g, u.gradient());
        r.net.getConfiguration().setIterationCount((int) (step - 1));
        GradientStep.apply(r.net, g, u.examples(), u.tokens(), u.maxNorm());
        r.version = step;
        if (ParamChecksum.of(r.net.params()) != u.paramsCrc()) {
            System.err.println("[sync] replica parameters differ from the driver's after step " + step
                    + " (a different native build or CPU?); rebuilding it from a snapshot");
            return null;
        }
        return r;
    }
}
