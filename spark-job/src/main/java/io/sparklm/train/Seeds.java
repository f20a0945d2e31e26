package io.sparklm.train;

/** Stable seed derivation (SplitMix64 finalizer over the parts); never depends on time or partition layout. */
public final class Seeds {
    private Seeds() {}

    /** Mixes the parts into one well-distributed 64-bit seed. */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = fmix(h ^ fmix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
