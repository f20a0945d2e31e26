package io.sparklm.shard;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;

/**
 * Streams the records of one shard. {@link #open} verifies magic, version, header sanity and the file length;
 * the CRC32 is verified when the last record has been read: {@link #next()} then throws an
 * {@link UncheckedIOException} wrapping an IOException on a mismatch (or on a truncated file).
 * {@link #openAt} starts at any record with one seek (records are fixed-size); such a reader checks the header,
 * the file length and the end magic but cannot check the CRC, which covers the whole file.
 */
public final class ShardReader implements Iterator<ShardRecord>, Closeable {
    private final InputStream in;
    private final ShardHeader header;
    private final boolean nsp;
    private final String where;
    private final CRC32 crc = new CRC32();
    private final byte[] buf;
    private final ByteBuffer bb;
    private final boolean checkCrc;
    private long read;

    private ShardReader(InputStream in, ShardHeader header, boolean nsp, byte[] headBytes, String where,
                        long first) {
        this.in = in;
        this.header = header;
        this.nsp = nsp;
        this.where = where;
        this.read = first;
        this.checkCrc = first == 0;
        this.crc.update(headBytes);
        this.buf = new byte[(int) ShardFormat.recordBytes(header.seqLen(), header.vocabSize(),
                header.hasLabels(), nsp)];
        this.bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens {@code shard}; verifies magic/version; CRC checked when fully read (IOException on mismatch). */
    public static ShardReader open(FileSystem fs, Path shard) throws IOException {
        return openAt(fs, shard, 0);
    }

    /** Opens {@code shard} positioned at record {@code first} (0 &lt;= first &lt;= records); see the class doc. */
    public static ShardReader openAt(FileSystem fs, Path shard, long first) throws IOException {
        long len = fs.getFileStatus(shard).getLen();
        FSDataInputStream raw = fs.open(shard);
        try {
            byte[] head = new byte[ShardFormat.HEADER_BYTES];
            readFully(raw, head, shard.toString());
            ShardFormat.Decoded d = ShardFormat.decodeHeader(head, shard.toString());
            ShardHeader h = d.header();
            long expect = ShardFormat.HEADER_BYTES + ShardFormat.TRAILER_BYTES
                    + h.records() * ShardFormat.recordBytes(h.seqLen(), h.vocabSize(), h.hasLabels(), d.nsp());
            if (len != expect) {
                throw new IOException(shard + ": file is " + len + " bytes, header promises " + expect
                        + " (truncated or corrupt shard)");
            }
            if (first < 0 || first > h.records()) {
                throw new IllegalArgumentException(shard + ": record " + first + " outside [0, " + h.records() + "]");
            }
            if (first > 0) {
                raw.seek(ShardFormat.HEADER_BYTES
                        + first * ShardFormat.recordBytes(h.seqLen(), h.vocabSize(), h.hasLabels(), d.nsp()));
            }
            InputStream in = new BufferedInputStream(raw, 1 << 20);
            ShardReader r = new ShardReader(in, h, d.nsp(), head, shard.toString(), first);
            if (first == h.records()) {
                r.verifyTrailer();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public ShardHeader header() {
        return header;
    }

    /** True when the shard stores next-sentence labels. */
    public boolean hasNsp() {
        return nsp;
    }

    @Override
    public boolean hasNext() {
        return read < header.records();
    }

    @Override
    public ShardRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            readFully(in, buf, where);
            crc.update(buf);
            read++;
            bb.clear();
            int n = header.seqLen();
            int[] ids = readIds(n);
            int[] labels = header.hasLabels() ? readIds(n) : null;
            int[] seg = new int[n];
            for (int i = 0; i < n; i++) {
                seg[i] = bb.getShort() & 0xFFFF;
            }
            int nspLabel = nsp ? bb.get() : -1;
            if (read == header.records()) {
                verifyTrailer();
            }
            return new ShardRecord(ids, labels, seg, nspLabel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int[] readIds(int n) {
        int[] out = new int[n];
        if (header.tokenWidth() == 2) {
            for (int i = 0; i < n; i++) {
                int v = bb.getShort() & 0xFFFF;
                out[i] = v == 0xFFFF ? -1 : v;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = bb.getInt();
            }
        }
        return out;
    }

    private void verifyTrailer() throws IOException {
        byte[] t = new byte[ShardFormat.TRAILER_BYTES];
        readFully(in, t, where);
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        long stored = b.getInt() & 0xFFFFFFFFL;
        byte[] end = Arrays.copyOfRange(t, 4, 8);
        if (!Arrays.equals(end, ShardFormat.END_MAGIC)) {
            throw new IOException(where + ": bad end magic (corrupt shard)");
        }
        if (checkCrc && stored != crc.getValue()) {
            throw new IOException(where + ": CRC32 mismatch: stored " + Long.toHexString(stored) + ", computed "
                    + Long.toHexString(crc.getValue()) + " (corrupt shard)");
        }
    }

    private static void readFully(InputStream in, byte[] b, String where) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException(where + ": unexpected end of shard");
            }
            off += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
