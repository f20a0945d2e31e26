package io.sparklm.prep.job;

import io.sparklm.prep.seq.PieceKey;

import java.io.Serializable;

/**
 * Shuffle key of a piece when train and validation shards are written by one job: {@code shard} is the global
 * output partition (train shards first, then validation), order within it is the {@link PieceKey} order.
 */
public record ShardKey(int shard, PieceKey key) implements Comparable<ShardKey>, Serializable {
    @Override
    public int compareTo(ShardKey o) {
        return key.compareTo(o.key);
    }
}
