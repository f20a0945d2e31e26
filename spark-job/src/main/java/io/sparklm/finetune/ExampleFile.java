package io.sparklm.finetune;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The file of tokenized examples a fine-tuning run trains on, little-endian: a 32-byte header ({@code SPLMEXMP},
 * int32 version 1, int32 max-length L, int32 label count, int32 0, int64 record count) and fixed-size records of
 * {@code 12 + 4 L} bytes (int32 label, int32 token count n, int32 segment start, L int32 ids of which the first n
 * are the example's, the rest 0), so record i starts at byte {@code 32 + i (12 + 4 L)}. Written once by the driver
 * (content-addressed by its SHA-256, see {@link FinetuneData}); read by range or by record index anywhere.
 */
public final class ExampleFile {
    static final byte[] MAGIC = "SPLMEXMP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;

    /** Max-length, label count and record count of a file. */
    public record Header(int maxLength, int numLabels, long records) {
        long recordBytes() {
            return 12L + 4L * maxLength;
        }
    }

    private ExampleFile() {}

    /** The whole file's bytes for {@code examples} (each at most {@code maxLength} ids). */
    public static byte[] encode(List<Example> examples, int maxLength, int numLabels) {
        Header h = new Header(maxLength, numLabels, examples.size());
        long size = HEADER_BYTES + h.recordBytes() * examples.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(examples.size() + " examples of " + maxLength
                    + " tokens do not fit one example file (2 GB); use a smaller max-length or fewer examples");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(maxLength).putInt(numLabels).putInt(0).putLong(examples.size());
        for (Example e : examples) {
            if (e.ids().length > maxLength || e.label() >= numLabels) {
                throw new IllegalArgumentException("example " + e + " does not fit max-length " + maxLength
                        + " and " + numLabels + " labels");
            }
            b.putInt(e.label()).putInt(e.ids().length).putInt(e.segmentStart());
            for (int i = 0; i < maxLength; i++) {
                b.putInt(i < e.ids().length ? e.ids()[i] : 0);
            }
        }
        return b.array();
    }

    /** The header of the file at {@code p}; IOException when it is not an example file. */
    public static Header header(FileSystem fs, Path p) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            return header(in, p);
        }
    }

    private static Header header(FSDataInputStream in, Path p) throws IOException {
        byte[] raw = new byte[HEADER_BYTES];
        in.readFully(0, raw);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        int version = b.getInt();
        if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
            throw new IOException(p + " is not a sparklm example file (version " + VERSION + ")");
        }
        int maxLength = b.getInt();
        int numLabels = b.getInt();
        b.getInt();
        return new Header(maxLength, numLabels, b.getLong());
    }

    /** Records {@code [first, first + count)} in file order. */
    public static Example[] readRange(FileSystem fs, Path p, long first, int count) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            Header h = header(in, p);
            check(h, p, first + count - 1);
            byte[] raw = new byte[Math.toIntExact(h.recordBytes() * count)];
            in.readFully(HEADER_BYTES + first * h.recordBytes(), raw);
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            Example[] out = new Example[count];
            for (int i = 0; i < count; i++) {
                out[i] = decode(b, h);
            }
            return out;
        }
    }

    /** The records at {@code indices}, in that order (one positioned read each). */
    public static Example[] read(FileSystem fs, Path p, long[] indices) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            Header h = header(in, p);
            byte[] raw = new byte[Math.toIntExact(h.recordBytes())];
            Example[] out = new Example[indices.length];
            for (int i = 0; i < indices.length; i++) {
                check(h, p, indices[i]);
                in.readFully(HEADER_BYTES + indices[i] * h.recordBytes(), raw);
                out[i] = decode(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), h);
            }
            return out;
        }
    }

    private static void check(Header h, Path p, long last) throws IOException {
        if (last >= h.records()) {
            throw new IOException(p + " has " + h.records() + " records, record " + last + " was asked for");
        }
    }

    private static Example decode(ByteBuffer b, Header h) {
        int label = b.getInt();
        int n = b.getInt();
        int segmentStart = b.getInt();
        int[] ids = new int[n];
        for (int i = 0; i < h.maxLength(); i++) {
            int v = b.getInt();
            if (i < n) {
                ids[i] = v;
            }
        }
        return new Example(ids, segmentStart, label);
    }
}
