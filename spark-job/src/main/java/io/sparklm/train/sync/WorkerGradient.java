package io.sparklm.train.sync;

import java.io.Serializable;

/**
 * One worker's share of a step: its raw gradient summed over its micro-batches (null when {@code needsSync}: the
 * worker had no replica at the step and no snapshot to build one from), examples, predicted tokens, data-loss sum
 * (nats), seconds spent computing, and whether its replica was rebuilt from a snapshot in this task.
 */
public record WorkerGradient(int worker, float[] gradient, long examples, long tokens, double lossSum,
                             double computeSeconds, boolean needsSync, boolean rebuilt) implements Serializable {

    static WorkerGradient needsSync(int worker) {
        return new WorkerGradient(worker, null, 0, 0, 0, 0, true, false);
    }
}
