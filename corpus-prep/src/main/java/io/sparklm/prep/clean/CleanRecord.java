package io.sparklm.prep.clean;

import io.sparklm.prep.seq.DocHash;

/**
 * One input record after reading and cleaning: a document (its {@link DocHash} and clean text) or the reason it
 * was skipped (a manifest name such as {@code too_long}); exactly one of {@code text} and {@code skipReason} is set.
 */
public record CleanRecord(String hash, String text, String skipReason) {
    /** A kept document; its hash is computed from {@code text}. */
    public static CleanRecord document(String text) {
        return new CleanRecord(DocHash.of(text), text, null);
    }

    /** A record skipped for {@code reason}. */
    public static CleanRecord skipped(String reason) {
        return new CleanRecord(null, null, reason);
    }

    public boolean isSkipped() {
        return skipReason != null;
    }
}
