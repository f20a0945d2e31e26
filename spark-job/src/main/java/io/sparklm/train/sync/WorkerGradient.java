package io.sparklm.train.sync;

import java.io.Serializable;

/**
 * One worker's share of a step: the id of the {@link GradientBlocks} block holding its raw gradient summed over its
 * micro-batches, examples, predicted tokens,
 * data-loss sum (nats), seconds spent computing, and whether its replica was built from the snapshot in this task.
 */
public record WorkerGradient(int worker, long block, long examples, long tokens, double lossSum,
                             double computeSeconds, boolean rebuilt) implements Serializable {}
