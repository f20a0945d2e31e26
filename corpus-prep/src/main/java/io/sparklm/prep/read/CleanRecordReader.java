package io.sparklm.prep.read;

import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.prep.clean.TextCleaner;
import org.apache.hadoop.conf.Configuration;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the records of a run of input splits in order and cleans each: one {@link CleanRecord} per raw record,
 * a document or the reason it was skipped (a file that cannot be opened is also named on stderr, once).
 */
public final class CleanRecordReader implements Iterator<CleanRecord> {
    private final Iterator<InputSplit> splits;
    private final Configuration conf;
    private final SplitReader.Mode mode;
    private final long maxRecordBytes;
    private final TextCleaner cleaner;
    private SplitReader reader;

    public CleanRecordReader(Iterator<InputSplit> splits, Configuration conf, SplitReader.Mode mode,
                             long maxRecordBytes, TextCleaner cleaner) {
        this.splits = splits;
        this.conf = conf;
        this.mode = mode;
        this.maxRecordBytes = maxRecordBytes;
        this.cleaner = cleaner;
    }

    /** How {@code in} cuts documents: a line (jsonl, doc-split=line), a blank-line separated block, or a file. */
    public static SplitReader.Mode mode(InputOptions in) {
        return in.jsonl() || in.docSplit().equals("line") ? SplitReader.Mode.LINE
                : in.docSplit().equals("blank-line") ? SplitReader.Mode.PARAGRAPH : SplitReader.Mode.FILE;
    }

    /** The cleaner for {@code in}'s format, HTML, normalization and length settings. */
    public static TextCleaner cleaner(InputOptions in) {
        return new TextCleaner(in.jsonl(), in.textField(), in.html(), in.normalize(), in.minChars(), in.maxChars());
    }

    @Override
    public boolean hasNext() {
        while (reader == null || !reader.hasNext()) {
            if (!splits.hasNext()) {
                return false;
            }
            reader = new SplitReader(splits.next(), conf, mode, maxRecordBytes);
        }
        return true;
    }

    @Override
    public CleanRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = reader.next();
        if (SplitReader.UNREADABLE_FILE.equals(r.reason())) {
            org.slf4j.LoggerFactory.getLogger("io.sparklm.prep").warn("cannot read input " + r.where());
        }
        if (r.reason() != null) {
            return CleanRecord.skipped(r.reason());
        }
        TextCleaner.Result c = cleaner.clean(r.bytes());
        return c.reason() != null ? CleanRecord.skipped(c.reason()) : CleanRecord.document(c.text());
    }
}
