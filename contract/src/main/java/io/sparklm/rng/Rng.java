package io.sparklm.rng;

/**
 * Deterministic random stream (SplitMix64) seeded from stable keys such as (seed, document id, copy), never
 * from partition layout or the clock. Not thread-safe; create one per unit of work.
 */
public final class Rng {
    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A stream whose seed mixes all keys in order. */
    public static Rng of(long... keys) {
        return new Rng(mix(keys));
    }

    /** Order-sensitive 64-bit mix of keys (SplitMix64 finalizer chained). */
    public static long mix(long... keys) {
        long h = 0x9E3779B97F4A7C15L;
        for (long k : keys) {
            h = fmix(h ^ fmix(k + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return fmix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Uniform in [lo, hi] inclusive, as Python's random.randint. */
    public int randint(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Fisher-Yates shuffle in place. */
    public void shuffle(int[][] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int[] t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
