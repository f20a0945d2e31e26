package io.sparklm.batch;

import java.io.Serializable;

/**
 * One minibatch descriptor: {@code count} consecutive records starting at record {@code first} of shard
 * {@code shardUri} (index {@code shardIndex} in the split's manifest order). {@code epoch}/{@code indexInEpoch}
 * place it in the shuffled epoch order; {@code globalIndex} = epoch * blocksPerEpoch + indexInEpoch.
 * Small enough to parallelize from the driver; executors read the records themselves.
 */
public record Block(String shardUri, int shardIndex, long first, int count, long epoch, long indexInEpoch,
                    long globalIndex) implements Serializable {}
