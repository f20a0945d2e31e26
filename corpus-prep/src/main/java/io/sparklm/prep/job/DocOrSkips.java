package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;

import java.io.Serializable;

/**
 * The value of tokenizer training's dedup shuffle: a document's text (under its {@link DocKey}) or skipped records
 * (under {@link DocKey#SKIP_COUNTS}); exactly one of {@code text} and {@code skipped} is set. {@link #merge} keeps
 * one copy of a document and adds skip counts, so one pass over the input gives both.
 */
public record DocOrSkips(String text, SkipCounts skipped) implements Serializable {
    /** The value of one clean record: its text, or a count of 1 for its skip reason. */
    public static DocOrSkips of(CleanRecord r) {
        if (!r.isSkipped()) {
            return new DocOrSkips(r.text(), null);
        }
        SkipCounts one = new SkipCounts();
        one.add(r.skipReason());
        return new DocOrSkips(null, one);
    }

    /** Two values under one key: the first copy of a document, or the sum of two skip counts. */
    public static DocOrSkips merge(DocOrSkips a, DocOrSkips b) {
        return a.text != null ? a : new DocOrSkips(null, a.skipped.merge(b.skipped));
    }
}
