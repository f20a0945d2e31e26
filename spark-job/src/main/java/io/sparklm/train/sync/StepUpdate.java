package io.sparklm.train.sync;

import java.io.Serializable;

/**
 * What every replica needs to take optimizer step {@code version - 1 -> version} exactly as the driver did: the
 * workers' raw gradients summed in worker order, the examples and predicted tokens they cover, the clipping
 * bound, and the CRC-32C of the driver's parameters after the step (a replica whose parameters differ afterwards
 * is dropped and rebuilt from a {@link ModelSnapshot}).
 */
public record StepUpdate(long version, float[] gradient, long examples, long tokens, double maxNorm,
                         long paramsCrc) implements Serializable {}
