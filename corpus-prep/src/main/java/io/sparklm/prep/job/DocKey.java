package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.rng.Rng;

import java.io.Serializable;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * Shuffle key of a document: {@code order = mix(seed, hash)} (the seeded global document order; also what the
 * range partitioner splits on), then the hash itself. Skip-reason counts ride with order 0 and hash
 * {@code "\0" + reason}. Sorting by this key both groups copies of one document and gives the clm order.
 */
public record DocKey(long order, String hash) implements Comparable<DocKey>, Serializable, KnownSizeEstimation {
    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + 8 + HeapSize.REF) + HeapSize.string(hash);
    }

    /** The key of a document with content hash {@code hash} under {@code seed}. */
    public static DocKey of(long seed, String hash) {
        return new DocKey(Rng.mix(seed, DocHash.high(hash), DocHash.low(hash)), hash);
    }

    /** The key that counts records skipped for {@code reason}. */
    public static DocKey skip(String reason) {
        return new DocKey(0L, CorpusReader.SKIP + reason);
    }

    public boolean isSkip() {
        return hash.startsWith(CorpusReader.SKIP);
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
