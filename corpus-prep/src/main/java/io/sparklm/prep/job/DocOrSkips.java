package io.sparklm.prep.job;

import java.io.Serializable;

/**
 * The value of a deduplication shuffle that also counts skipped records: a document's text, or (under a skip
 * reason's key) how many records were skipped for that reason. {@link #merge} keeps one copy of a document and
 * adds skip counts, so one pass over the input gives both.
 */
public record DocOrSkips(String text, long skipped) implements Serializable {
    public static DocOrSkips doc(String text) {
        return new DocOrSkips(text, 0);
    }

    public static DocOrSkips skip() {
        return new DocOrSkips(null, 1);
    }

    public boolean isSkip() {
        return text == null;
    }

    /** Two values under one key: the first copy of a document, or the sum of two skip counts. */
    public static DocOrSkips merge(DocOrSkips a, DocOrSkips b) {
        return a.isSkip() ? new DocOrSkips(null, a.skipped + b.skipped) : a;
    }
}
