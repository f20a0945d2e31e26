package io.sparklm.prep.job;

import org.apache.spark.Partitioner;

/**
 * Range partitioner on {@link DocKey#order} (uniform 64-bit mix): partition i holds the i-th slice of the seeded
 * document order, so sorting within partitions sorts globally, without a sampling job.
 */
public final class OrderPartitioner extends Partitioner {
    private final int parts;

    public OrderPartitioner(int parts) {
        this.parts = parts;
    }

    @Override
    public int numPartitions() {
        return parts;
    }

    @Override
    public int getPartition(Object key) {
        return ((DocKey) key).range(parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderPartitioner p && p.parts == parts;
    }

    @Override
    public int hashCode() {
        return 31 * parts + 7;
    }
}
