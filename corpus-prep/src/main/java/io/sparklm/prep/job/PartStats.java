package io.sparklm.prep.job;

import java.io.Serializable;

/**
 * Counts over one partition of deduplicated documents: skipped records by reason, duplicates, documents without
 * tokens, and per split (0 = train, 1 = validation) the kept documents and their tokens (clm window offsets, mlm
 * groups).
 */
public final class PartStats implements Serializable {
    private final int partition;
    private final SkipCounts skipped = new SkipCounts();
    private long duplicates;
    private long noTokens;
    private final long[] docs = new long[2];
    private final long[] tokens = new long[2];

    public PartStats(int partition) {
        this.partition = partition;
    }

    /** Accounts for one deduplicated entry. */
    public void add(DedupValue v) {
        if (v instanceof SkipCounts s) {
            skipped.addAll(s);
            return;
        }
        DocCopies c = (DocCopies) v;
        duplicates += c.copies() - 1;
        if (c.doc().tokenCount() == 0) {
            noTokens++;
            return;
        }
        int split = c.doc().validation() ? 1 : 0;
        docs[split]++;
        tokens[split] += c.doc().tokenCount();
    }

    public int partition() {
        return partition;
    }

    /** Records the map tasks skipped (reading and cleaning), by reason. */
    public SkipCounts skipped() {
        return skipped;
    }

    /** Input records beyond the first of each document. */
    public long duplicates() {
        return duplicates;
    }

    /** Documents whose text encodes to no token. */
    public long noTokens() {
        return noTokens;
    }

    /** Kept documents of a split (0 = train, 1 = validation). */
    public long docs(int split) {
        return docs[split];
    }

    /** Tokens of a split's kept documents (clm: EOS included). */
    public long tokens(int split) {
        return tokens[split];
    }
}
