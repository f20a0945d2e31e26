package io.sparklm.prep.job;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Records skipped, counted by reason (the manifest's names: {@code too_long}, {@code invalid_utf8}, ...), sorted by
 * reason. A map task sends its counts through the dedup shuffle as one value under {@link DocKey#SKIP_COUNTS}.
 */
public final class SkipCounts implements DedupValue {
    private final TreeMap<String, Long> byReason = new TreeMap<>();

    /** Counts one more record skipped for {@code reason}. */
    public void add(String reason) {
        add(reason, 1);
    }

    /** Counts {@code n} more records skipped for {@code reason}; a count of 0 adds nothing. */
    public void add(String reason, long n) {
        if (n != 0) {
            byReason.merge(Objects.requireNonNull(reason), n, Long::sum);
        }
    }

    /** Adds every count of {@code other}. */
    public void addAll(SkipCounts other) {
        other.byReason.forEach(this::add);
    }

    /** A new object with the sum of both counts. */
    @Override
    public SkipCounts merge(DedupValue other) {
        SkipCounts sum = new SkipCounts();
        sum.addAll(this);
        sum.addAll((SkipCounts) other);
        return sum;
    }

    /** Records skipped for {@code reason} (0 if none). */
    public long get(String reason) {
        return byReason.getOrDefault(reason, 0L);
    }

    /** Records skipped for any reason. */
    public long total() {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isEmpty() {
        return byReason.isEmpty();
    }

    /** The counts by reason, sorted by reason (a read-only view). */
    public SortedMap<String, Long> asMap() {
        return Collections.unmodifiableSortedMap(byReason);
    }

    /** The counts of {@code counts} (reason to records). */
    public static SkipCounts of(Map<String, Long> counts) {
        SkipCounts s = new SkipCounts();
        counts.forEach(s::add);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkipCounts s && s.byReason.equals(byReason);
    }

    @Override
    public int hashCode() {
        return byReason.hashCode();
    }

    @Override
    public String toString() {
        return byReason.toString();
    }
}
