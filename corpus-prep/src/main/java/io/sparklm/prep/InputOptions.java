package io.sparklm.prep;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;

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
    public static final Key<List<String>> INPUT = Key.list("input", "URI", true, "files, directories (read "
            + "recursively, names starting with _ or . skipped) or globs on any Hadoop file system; .gz/.bz2 decompressed");
    public static final Key<String> FORMAT = Key.choice("format", "text",
            "text files, or JSON lines with the document in text-field", "text", "jsonl");
    public static final Key<String> TEXT_FIELD = Key.string("text-field", "text", "NAME",
            "the JSON field holding a document (format=jsonl)");
    public static final Key<String> DOC_SPLIT = Key.choice("doc-split", "file",
            "text: a document is a whole file, a blank-line separated paragraph, or a line", "file", "blank-line",
            "line");
    public static final Key<Boolean> HTML = Key.bool("html", false,
            "documents are HTML: keep the text (jsoup; script, style and head dropped)");
    public static final Key<String> NORMALIZE = Key.choice("normalize", "nfc", "Unicode normalization",
            "nfc", "nfkc", "none");
    public static final Key<Integer> MIN_CHARS = Key.integer("min-chars", 1, 0, Integer.MAX_VALUE,
            "shorter cleaned documents are skipped (counted as too_short)");
    public static final Key<Integer> MAX_CHARS = Key.integer("max-chars", 10_000_000, 1, 200_000_000,
            "longer documents are skipped (too_long) without being buffered");
    public static final Key<Integer> SPLIT_MB = Key.integer("split-mb", 32, 1, 4096,
            "uncompressed files larger than this (MiB) are read by several tasks");
    public static final Key<Long> MAX_UNREADABLE = Key.longValue("max-unreadable", 0, 0, Long.MAX_VALUE,
            "input files that may fail to open before the job fails (each is named in the log and counted)");
    /** The input keys, in help order. */
    public static final List<Key<?>> KEYS = List.of(INPUT, FORMAT, TEXT_FIELD, DOC_SPLIT, HTML, NORMALIZE,
            MIN_CHARS, MAX_CHARS, SPLIT_MB, MAX_UNREADABLE);

    public static InputOptions from(ConfigMap c) {
        List<String> inputs = INPUT.get(c);
        int minChars = MIN_CHARS.get(c);
        int maxChars = MAX_CHARS.get(c);
        if (minChars > maxChars) {
            throw new ConfigException(MIN_CHARS.name(), String.valueOf(minChars), "at most max-chars (" + maxChars
                    + ")");
        }
        return new InputOptions(inputs, FORMAT.get(c), TEXT_FIELD.get(c), DOC_SPLIT.get(c), HTML.get(c),
                NORMALIZE.get(c), minChars, maxChars, SPLIT_MB.get(c), MAX_UNREADABLE.get(c));
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
