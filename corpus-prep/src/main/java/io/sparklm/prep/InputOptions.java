package io.sparklm.prep;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;

import java.io.Serializable;
import java.util.List;

/**
 * How input is read and cleaned, shared by the prep job and tokenizer training (same path, same documents):
 * URIs, format, JSON text field, document split, HTML stripping, Unicode normalization, length filters in chars,
 * the input split size in MiB, and how many input files may fail to open before the job fails
 * ({@code max-unreadable}, default 0: a file system that cannot read the input must not give a partial result).
 */
public record InputOptions(List<String> inputs, String format, String textField, String docSplit, boolean html,
                           String normalize, int minChars, int maxChars, int splitMb, long maxUnreadable)
        implements Serializable {

    public static InputOptions from(ConfigMap c) {
        List<String> inputs = c.list("input");
        if (inputs.isEmpty()) {
            throw new ConfigException("input", null, "one or more URIs (comma-separated); this key is required");
        }
        String format = c.choice("format", "text", "text", "jsonl");
        int minChars = c.integer("min-chars", 1, 0, Integer.MAX_VALUE);
        int maxChars = c.integer("max-chars", 10_000_000, 1, 200_000_000);
        if (minChars > maxChars) {
            throw new ConfigException("min-chars", String.valueOf(minChars), "at most max-chars (" + maxChars + ")");
        }
        return new InputOptions(inputs, format, c.string("text-field", "text"),
                c.choice("doc-split", "file", "file", "blank-line", "line"), c.bool("html", false),
                c.choice("normalize", "nfc", "nfc", "nfkc", "none"), minChars, maxChars,
                c.integer("split-mb", 32, 1, 4096), c.longValue("max-unreadable", 0, 0, Long.MAX_VALUE));
    }

    /**
     * Fails with a {@link io.sparklm.cli.DataException} when more input files than {@code max-unreadable} could
     * not be opened ({@code unreadable} of them; the executor logs name each with its cause).
     */
    public void requireReadable(long unreadable) {
        if (unreadable > maxUnreadable) {
            throw new io.sparklm.cli.DataException(unreadable + " input file(s) could not be opened (max-unreadable="
                    + maxUnreadable + "; the log names each with its cause): check the paths, permissions and the "
                    + "Hadoop configuration (spark.hadoop.* / HADOOP_CONF_DIR)");
        }
    }

    /** The input keys under their names, for the effective config (split-mb only shapes the work, not the data). */
    public java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("input", String.join(",", inputs));
        m.put("format", format);
        m.put("text-field", textField);
        m.put("doc-split", jsonl() ? "line" : docSplit);
        m.put("html", html);
        m.put("normalize", normalize);
        m.put("min-chars", minChars);
        m.put("max-chars", maxChars);
        m.put("max-unreadable", maxUnreadable);
        return m;
    }

    public boolean jsonl() {
        return format.equals("jsonl");
    }

    /** Cap on raw record bytes held in memory; longer records are skipped as too_long without being buffered. */
    public long maxRecordBytes() {
        return Math.min(Integer.MAX_VALUE - 64L, (long) maxChars * 6 + 65536);
    }
}
