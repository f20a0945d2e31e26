package io.sparklm.prep.read;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the raw records of one {@link InputSplit}: whole file, one line, or one blank-line separated
 * paragraph per record. A record belongs to the split containing its first byte (as Hadoop's line reader does),
 * so records are never lost or doubled across splits. Records longer than {@code maxRecordBytes} are skipped
 * without being held in memory (reason {@code too_long}); an unreadable or corrupt input (e.g. truncated gzip)
 * ends the split with one {@code corrupt_input} / {@code unreadable_file} record; never throws while iterating.
 */
public final class SplitReader implements Iterator<RawRecord>, Closeable {
    public enum Mode { FILE, LINE, PARAGRAPH }

    public static final String CORRUPT_INPUT = "corrupt_input", UNREADABLE_FILE = "unreadable_file",
            TOO_LONG = "too_long";

    private final InputSplit split;
    private final Mode mode;
    private final long maxRecordBytes;
    private final long end;
    private InputStream in;
    private FSDataInputStream raw;
    private final byte[] buf = new byte[1 << 16];
    private int bufPos;
    private int bufLen;
    private long pos;
    private boolean eof;
    private RawRecord next;
    private boolean done;
    private final ByteBuf rec = new ByteBuf();
    private final ByteBuf line = new ByteBuf();
    private long lineStart;
    private boolean lineOverflow;

    public SplitReader(InputSplit split, Configuration conf, Mode mode, long maxRecordBytes) {
        this.split = split;
        this.mode = mode;
        this.maxRecordBytes = maxRecordBytes;
        this.end = split.compressed() ? Long.MAX_VALUE : split.start() + split.length();
        try {
            Path p = new Path(split.path());
            FileSystem fs = p.getFileSystem(conf);
            raw = fs.open(p);
            CompressionCodec codec = split.compressed() ? new CompressionCodecFactory(conf).getCodec(p) : null;
            if (codec != null) {
                in = codec.createInputStream(raw);
            } else {
                in = raw;
                if (split.start() > 0) {
                    raw.seek(split.start() - 1);
                    pos = split.start() - 1;
                    skipPastNewline();
                    if (mode == Mode.PARAGRAPH && !eof && !previousLineBlank(pos)) {
                        skipRestOfParagraph();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            next = new RawRecord(null, UNREADABLE_FILE, split.path() + ": " + e);
            done = true;
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = readRecord();
            } catch (IOException | RuntimeException e) {
                next = new RawRecord(null, CORRUPT_INPUT, split.path() + "@" + pos + ": " + e);
            }
            if (next == null || next.reason() == CORRUPT_INPUT) {
                done = true;
                closeQuietly();
            }
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }

    private RawRecord readRecord() throws IOException {
        switch (mode) {
            case FILE: {
                if (eof || pos > 0 || split.start() > 0) {
                    return null;
                }
                rec.reset();
                boolean over = false;
                while (fill()) {
                    int n = bufLen - bufPos;
                    if (rec.size + n <= maxRecordBytes) {
                        rec.write(buf, bufPos, n);
                    } else {
                        over = true;
                    }
                    pos += n;
                    bufPos = bufLen;
                }
                if (pos == 0) {
                    return new RawRecord(new byte[0], null, split.path());
                }
                return over ? new RawRecord(null, TOO_LONG, split.path()) : new RawRecord(rec.toByteArray(), null, split.path());
            }
            case LINE: {
                if (!readLine(false)) {
                    return null;
                }
                String where = split.path() + "@" + lineStart;
                return lineOverflow ? new RawRecord(null, TOO_LONG, where) : new RawRecord(line.toByteArray(), null, where);
            }
            default:
                return readParagraph();
        }
    }

    private RawRecord readParagraph() throws IOException {
        do {
            if (!readLine(false)) {
                return null;
            }
        } while (blank());
        long start = lineStart;
        rec.reset();
        boolean over = false;
        do {
            if (over || lineOverflow || rec.size + line.size + 1 > maxRecordBytes) {
                over = true;
            } else {
                if (rec.size > 0) {
                    rec.write((byte) '\n');
                }
                rec.write(line.data, 0, line.size);
            }
        } while (readLine(true) && !blank());
        String where = split.path() + "@" + start;
        return over ? new RawRecord(null, TOO_LONG, where) : new RawRecord(rec.toByteArray(), null, where);
    }

    /**
     * Reads one line (without its newline, a trailing CR stripped) into {@code line}; false at EOF, or when
     * {@code !ignoreEnd} and the line would start at or past the split end.
     */
    private boolean readLine(boolean ignoreEnd) throws IOException {
        line.reset();
        lineOverflow = false;
        lineStart = pos;
        if (eof || (!ignoreEnd && pos >= end)) {
            return false;
        }
        if (!fill()) {
            return false;
        }
        long len = 0;
        while (true) {
            if (bufPos == bufLen && !fill()) {
                break;
            }
            int i = bufPos;
            byte[] b = buf;
            int lim = bufLen;
            while (i < lim && b[i] != '\n') {
                i++;
            }
            int n = i - bufPos;
            if (len + n <= maxRecordBytes) {
                line.write(b, bufPos, n);
            } else {
                lineOverflow = true;
            }
            len += n;
            pos += n;
            bufPos = i;
            if (i < lim) {
                bufPos++;
                pos++;
                break;
            }
        }
        if (!lineOverflow && line.size > 0 && line.data[line.size - 1] == '\r') {
            line.size--;
        }
        return true;
    }

    private boolean blank() {
        if (lineOverflow) {
            return false;
        }
        for (int i = 0; i < line.size; i++) {
            byte x = line.data[i];
            if (x != ' ' && x != '\t' && x != '\r') {
                return false;
            }
        }
        return true;
    }

    private void skipPastNewline() throws IOException {
        int b;
        while ((b = read()) >= 0 && b != '\n') {
            // skip
        }
    }

    /** True when the line ending just before {@code lineStartPos} is blank (or there is none). */
    private boolean previousLineBlank(long lineStartPos) throws IOException {
        byte[] one = new byte[1];
        for (long p = lineStartPos - 2; p >= 0; p--) {
            raw.readFully(p, one, 0, 1);
            if (one[0] == '\n') {
                return true;
            }
            if (one[0] != ' ' && one[0] != '\t' && one[0] != '\r') {
                return false;
            }
        }
        return true;
    }

    private void skipRestOfParagraph() throws IOException {
        while (readLine(true) && !blank()) {
            // the paragraph began in the previous split, which reads it
        }
    }

    private int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        pos++;
        return buf[bufPos++] & 0xFF;
    }

    /** Ensures unread bytes in {@code buf}; false at end of input. */
    private boolean fill() throws IOException {
        if (bufPos < bufLen) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        bufPos = 0;
        bufLen = n;
        return true;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        done = true;
        if (in != null) {
            in.close();
        }
        if (raw != null && raw != in) {
            raw.close();
        }
    }
}
