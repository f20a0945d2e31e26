package io.sparklm.prep.job;

import org.apache.spark.Partitioner;

/**
 * Routes a {@link ShardKey} to its output shard ({@code PieceKey.order mod shards} of its split, offset by the
 * splits before it): shard membership depends on content and seed only.
 */
public final class ShardPartitioner extends Partitioner {
    private final int shards;

    public ShardPartitioner(int shards) {
        this.shards = shards;
    }

    @Override
    public int numPartitions() {
        return shards;
    }

    @Override
    public int getPartition(Object key) {
        return ((ShardKey) key).shard();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardPartitioner p && p.shards == shards;
    }

    @Override
    public int hashCode() {
        return shards;
    }
}
