package io.sparklm.prep.job;

import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.Partitioner;

/** Routes a {@link PieceKey} to shard {@code order mod shards}: shard membership depends on content and seed only. */
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
        return ((PieceKey) key).shard(shards);
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
