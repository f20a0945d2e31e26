package io.sparklm.prep.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;

/**
 * The dedup stage's counts summed over its partitions: records read, skipped records by reason ({@code duplicate}
 * and {@code no_tokens} included), and per split (0 = train, 1 = validation) the kept documents, their tokens, and
 * the tokens before each partition (where a partition's part of the split's clm token line starts).
 */
public final class DedupTotals {
    private final SkipCounts skipped = new SkipCounts();
    private final long[] docs = new long[2];
    private final long[][] tokensBefore;
    private long read;

    private DedupTotals(int partitions) {
        tokensBefore = new long[2][partitions + 1];
    }

    /** The totals of {@code parts}: one {@link PartStats} for each partition 0..n-1, in any order. */
    public static DedupTotals of(List<PartStats> parts) {
        List<PartStats> ps = new ArrayList<>(parts);
        ps.sort(Comparator.comparingInt(PartStats::partition));
        DedupTotals t = new DedupTotals(ps.size());
        long duplicates = 0, noTokens = 0;
        for (int i = 0; i < ps.size(); i++) {
            PartStats st = ps.get(i);
            if (st.partition() != i) {
                throw new IllegalArgumentException("partition " + i + " missing from " + ps.size() + " stats");
            }
            t.skipped.addAll(st.skipped());
            duplicates += st.duplicates();
            noTokens += st.noTokens();
            for (int s = 0; s < 2; s++) {
                t.docs[s] += st.docs(s);
                t.tokensBefore[s][i + 1] = t.tokensBefore[s][i] + st.tokens(s);
            }
        }
        t.read = t.skipped.total() + duplicates + noTokens + t.kept();
        t.skipped.add("duplicate", duplicates);
        t.skipped.add("no_tokens", noTokens);
        return t;
    }

    /** Dedup partitions counted. */
    public int partitions() {
        return tokensBefore[0].length - 1;
    }

    /** Input records: kept documents plus every skipped record. */
    public long read() {
        return read;
    }

    /** Kept documents of both splits. */
    public long kept() {
        return docs[0] + docs[1];
    }

    /** Kept documents of a split (0 = train, 1 = validation). */
    public long docs(int split) {
        return docs[split];
    }

    /** Tokens of the kept documents of both splits (clm: EOS included). */
    public long documentTokens() {
        return tokens(0) + tokens(1);
    }

    /** Tokens of a split's kept documents. */
    public long tokens(int split) {
        return tokensBefore[split][tokensBefore[split].length - 1];
    }

    /** A split's tokens in the partitions before {@code partition} (0 for partition 0). */
    public long tokensBefore(int split, int partition) {
        return tokensBefore[split][partition];
    }

    /** Skipped records by reason, sorted by reason (reasons without records absent). */
    public SortedMap<String, Long> skipped() {
        return skipped.asMap();
    }

    /** Records of {@code reason} (0 if none). */
    public long skipped(String reason) {
        return skipped.get(reason);
    }
}
