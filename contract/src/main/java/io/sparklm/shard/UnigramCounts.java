package io.sparklm.shard;

/**
 * Token counts over shard records for the unigram entropy in nats per token (the loss of a model that ignores
 * context): counts the input ids that are not padding and lie in [0, vocab-size). The one definition behind
 * {@code sparklm inspect}'s {@code train_unigram_entropy_nats} and the trainer's report baseline.
 */
public final class UnigramCounts {
    private final long[] counts;
    private final int padId;
    private long tokens;

    /** {@code padId}: -1 when the tokenizer has no padding token. */
    public UnigramCounts(int vocabSize, int padId) {
        this.counts = new long[Math.max(1, vocabSize)];
        this.padId = padId;
    }

    /** Counts the non-padding, in-range ids of one record's input ids. */
    public void add(int[] inputIds) {
        for (int id : inputIds) {
            if (id != padId && id >= 0 && id < counts.length) {
                counts[id]++;
                tokens++;
            }
        }
    }

    /** Ids counted so far. */
    public long tokens() {
        return tokens;
    }

    /** The entropy of the counted ids' empirical distribution in nats; 0 before any id. */
    public double entropyNats() {
        return entropy(counts);
    }

    /** Shannon entropy in nats of the empirical distribution given by {@code counts}; 0 for no counts. */
    public static double entropy(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
