package io.sparklm.prep.job;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over one partition of deduplicated documents: skip reasons, duplicates, documents without tokens, and
 * per split (0 = train, 1 = validation) the kept documents and their tokens (clm window offsets, mlm groups).
 */
public final class PartStats implements Serializable {
    final int partition;
    final Map<String, Long> skipped = new TreeMap<>();
    long duplicates;
    long noTokens;
    final long[] docs = new long[2];
    final long[] tokens = new long[2];

    public PartStats(int partition) {
        this.partition = partition;
    }

    /** Accounts for one deduplicated entry. */
    public void add(DocKey key, DocCopies c) {
        if (key.isSkip()) {
            skipped.merge(key.hash().substring(1), c.copies(), Long::sum);
            return;
        }
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

    public Map<String, Long> skipped() {
        return skipped;
    }

    public long duplicates() {
        return duplicates;
    }

    public long noTokens() {
        return noTokens;
    }

    public long docs(int split) {
        return docs[split];
    }

    public long tokens(int split) {
        return tokens[split];
    }
}
