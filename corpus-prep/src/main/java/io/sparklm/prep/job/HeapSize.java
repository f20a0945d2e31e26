package io.sparklm.prep.job;

/**
 * Heap bytes of the shapes the job's shuffle records are made of (64-bit JVM, compressed oops, 8-byte alignment),
 * for the records' {@code KnownSizeEstimation}: Spark sizes its sort buffers and cached partitions by sampling
 * records with a reflective object walk (SizeEstimator, ~8% of task samples in a profile); records that state
 * their size stop the walk. Estimates only steer when Spark spills and how much it caches.
 */
final class HeapSize {
    static final long HEADER = 12;
    static final long REF = 4;

    private HeapSize() {}

    /** Object size rounded up to 8 bytes. */
    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** An int[] of n elements, or 0 for null. */
    static long ints(int[] a) {
        return a == null ? 0 : align(HEADER + 4 + 4L * a.length);
    }

    /** A String with its byte[] (Latin-1 when every char fits, else UTF-16), or 0 for null. */
    static long string(String s) {
        if (s == null) {
            return 0;
        }
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) < 256;
        }
        return align(HEADER + REF + 4 + 1 + 1) + align(HEADER + 4 + (latin1 ? 1L : 2L) * s.length());
    }
}
