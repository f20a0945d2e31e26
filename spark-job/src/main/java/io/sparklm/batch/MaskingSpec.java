package io.sparklm.batch;

import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dynamic MLM masking (BERT 80/10/10): each maskable token is selected with probability {@code prob}; a selected
 * token becomes {@code maskId} (80%), a uniformly random non-special id (10%) or stays (10%), and is predicted.
 * {@code neverMask} ids (specials, padding) are never selected. Pure and seeded: the stream for one record is a
 * function of (seed, step, record index) only.
 */
public record MaskingSpec(double prob, int maskId, int vocabSize, int[] neverMask) {

    public MaskingSpec {
        if (prob <= 0 || prob >= 1) {
            throw new IllegalArgumentException("mlm-prob must be in (0, 1), got " + prob);
        }
        neverMask = neverMask.clone();
        Arrays.sort(neverMask);
        if (neverMask.length >= vocabSize) {
            throw new IllegalArgumentException("every id is special");
        }
    }

    public static final Key<Double> MLM_PROB = Key.number("mlm-prob", 0.15, 1e-6, 0.999,
            "bert on masking=dynamic data: fraction of tokens masked afresh at every step");

    /** Key {@link #MLM_PROB}; ids from the tokenizer ([MASK] and all special tokens). */
    public static MaskingSpec from(ConfigMap c, int maskId, int vocabSize, int[] specialIds) {
        return new MaskingSpec(MLM_PROB.get(c), maskId, vocabSize, specialIds);
    }

    public boolean maskable(int id) {
        return Arrays.binarySearch(neverMask, id) < 0;
    }

    /**
     * Masks {@code ids} in place; returns labels (-1 = not predicted, else the original id).
     */
    public int[] apply(int[] ids, long seed, long step, long record) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, step, record));
        int[] labels = new int[ids.length];
        for (int t = 0; t < ids.length; t++) {
            labels[t] = -1;
            if (!maskable(ids[t]) || rnd.nextDouble() >= prob) {
                continue;
            }
            labels[t] = ids[t];
            double r = rnd.nextDouble();
            if (r < 0.8) {
                ids[t] = maskId;
            } else if (r < 0.9) {
                int v;
                do {
                    v = rnd.nextInt(vocabSize);
                } while (!maskable(v));
                ids[t] = v;
            }
        }
        return labels;
    }

    /** SplitMix64-style mixing of the three keys into one seed. */
    static long mix(long seed, long step, long record) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + record * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskingSpec s && s.prob == prob && s.maskId == maskId && s.vocabSize == vocabSize
                && Arrays.equals(s.neverMask, neverMask);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(neverMask) * 31 + maskId;
    }
}
