package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.rng.Rng;

import java.io.Serializable;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * Shuffle key of a document: {@code order = mix(seed, hash)} (the seeded global document order; also what the
 * range partitioner splits on), then the hash itself. Sorting by this key both groups copies of one document and
 * gives the clm order. {@link #SKIP_COUNTS} is the one key that names no document.
 */
public record DocKey(long order, String hash) implements Comparable<DocKey>, Serializable, KnownSizeEstimation {
    /**
     * The key of the map tasks' {@link SkipCounts}: the lowest key (order 0, empty hash; a document hash has 32 hex
     * digits), so the counts of all map tasks meet at the start of partition 0.
     */
    public static final DocKey SKIP_COUNTS = new DocKey(0L, "");

    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + 8 + HeapSize.REF) + HeapSize.string(hash);
    }

    /** The key of a document with content hash {@code hash} under {@code seed}. */
    public static DocKey of(long seed, String hash) {
        return new DocKey(Rng.mix(seed, DocHash.high(hash), DocHash.low(hash)), hash);
    }

    @Override
    public int compareTo(DocKey o) {
        int c = Long.compareUnsigned(order, o.order);
        return c != 0 ? c : hash.compareTo(o.hash);
    }

    /** Partition in [0, parts) by the top 32 bits of order: monotone, so partitions hold consecutive ranges. */
    public int range(int parts) {
        return (int) (((order >>> 32) * parts) >>> 32);
    }
}
