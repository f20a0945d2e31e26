package io.sparklm.train.sync;

import java.io.Serializable;

/**
 * One worker's share of a step: its raw gradient summed over its micro-batches, examples, predicted tokens,
 * data-loss sum (nats), seconds spent computing, and whether its replica was built from the snapshot in this task.
 */
public record WorkerGradient(int worker, float[] gradient, long examples, long tokens, double lossSum,
                             double computeSeconds, boolean rebuilt) implements Serializable {}
