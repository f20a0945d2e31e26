package io.sparklm.prep.job;

import io.sparklm.prep.seq.PieceKey;

import java.io.Serializable;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * Shuffle key of a piece when train and validation shards are written by one job: {@code shard} is the global
 * output partition (train shards first, then validation), order within it is the {@link PieceKey} order.
 */
public record ShardKey(int shard, PieceKey key) implements Comparable<ShardKey>, Serializable, KnownSizeEstimation {
    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + 4 + HeapSize.REF) + HeapSize.align(HeapSize.HEADER + 8 + 8 + 4);
    }

    @Override
    public int compareTo(ShardKey o) {
        return key.compareTo(o.key);
    }
}
