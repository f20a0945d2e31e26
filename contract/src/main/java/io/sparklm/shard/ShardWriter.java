package io.sparklm.shard;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds one shard in memory (the header needs the record count; memory is bounded by the shard size,
 * {@code shard-mb}) and writes it atomically. Validates every record: lengths equal seqLen, ids in
 * [0, vocabSize), labels -1 or in range, segment ids in [0, 65535], NSP label -1/0/1. Records are kept in 1 MiB
 * chunks (no multi-MB arrays that grow by copying) and streamed to the file; {@link #writeToWithSha256} hashes
 * the same chunks on a second thread while it writes.
 */
public final class ShardWriter {
    private static final int CHUNK = 1 << 20;
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final String objective;
    private final int seqLen;
    private final int vocabSize;
    private final boolean hasLabels;
    private final boolean nsp;
    private final int padId;
    private final int width;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk;
    private int chunkFill;
    private long bodyBytes;
    private final byte[] rec;
    private long records;

    public ShardWriter(String objective, int seqLen, int vocabSize, boolean hasLabels, boolean nsp, int padId) {
        if (!objective.equals("clm") && !objective.equals("mlm")) {
            throw new IllegalArgumentException("objective must be clm or mlm: " + objective);
        }
        if (seqLen <= 0 || seqLen > ShardFormat.MAX_SEQ_LEN) {
            throw new IllegalArgumentException("seqLen out of range: " + seqLen);
        }
        this.objective = objective;
        this.seqLen = seqLen;
        this.vocabSize = vocabSize;
        this.hasLabels = hasLabels;
        this.nsp = nsp;
        this.padId = padId;
        this.width = ShardFormat.tokenWidth(vocabSize);
        this.rec = new byte[(int) ShardFormat.recordBytes(seqLen, vocabSize, hasLabels, nsp)];
    }

    public void add(ShardRecord r) {
        check(r.inputIds(), "inputIds", false);
        if (hasLabels) {
            if (r.labels() == null) {
                throw new IllegalArgumentException("this shard stores labels but the record has none");
            }
            check(r.labels(), "labels", true);
        } else if (r.labels() != null) {
            throw new IllegalArgumentException("this shard stores no labels but the record has some");
        }
        if (r.segmentIds() == null || r.segmentIds().length != seqLen) {
            throw new IllegalArgumentException("segmentIds must have length " + seqLen);
        }
        if (r.nspLabel() < -1 || r.nspLabel() > 1 || (!nsp && r.nspLabel() != -1)) {
            throw new IllegalArgumentException("bad nspLabel " + r.nspLabel() + " (nsp stored: " + nsp + ")");
        }
        int at = putIds(r.inputIds(), 0);
        if (hasLabels) {
            at = putIds(r.labels(), at);
        }
        for (int s : r.segmentIds()) {
            if (s < 0 || s > 0xFFFF) {
                throw new IllegalArgumentException("segment id out of uint16 range: " + s);
            }
            SHORT_LE.set(rec, at, (short) s);
            at += 2;
        }
        if (nsp) {
            rec[at++] = (byte) r.nspLabel();
        }
        append(at);
    }

    /**
     * Adds a clm record without labels: {@code ids} with segment ids derived from EOS positions (the number of
     * {@code eosId} tokens before each position, {@code ShardRecord.clmSegmentIds}). Same bytes as
     * {@code add(new ShardRecord(ids, null, ShardRecord.clmSegmentIds(ids, eosId), -1))}, without the segment array.
     */
    public void addClm(int[] ids, int eosId) {
        if (hasLabels || nsp) {
            throw new IllegalArgumentException("addClm is for shards without labels and NSP");
        }
        if (ids == null || ids.length != seqLen) {
            throw new IllegalArgumentException("inputIds must have length " + seqLen);
        }
        // one pass: check, ids at [0, seqLen * width), segment ids (uint16) after them; the segment id is at most
        // seqLen - 1 <= 65535, always in range
        int segAt = seqLen * width;
        int s = 0;
        for (int i = 0; i < seqLen; i++) {
            int id = ids[i];
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("inputIds id out of range [0," + vocabSize + "): " + id);
            }
            if (width == 2) {
                SHORT_LE.set(rec, 2 * i, (short) id);
            } else {
                INT_LE.set(rec, 4 * i, id);
            }
            SHORT_LE.set(rec, segAt + 2 * i, (short) s);
            if (id == eosId) {
                s++;
            }
        }
        append(segAt + 2 * seqLen);
    }

    private void check(int[] ids, String what, boolean allowMinusOne) {
        if (ids == null || ids.length != seqLen) {
            throw new IllegalArgumentException(what + " must have length " + seqLen);
        }
        for (int id : ids) {
            if ((id < 0 || id >= vocabSize) && !(allowMinusOne && id == -1)) {
                throw new IllegalArgumentException(what + " id out of range [0," + vocabSize + "): " + id);
            }
        }
    }

    /** Encodes ids at {@code at} in the record buffer; returns the position after them. */
    private int putIds(int[] ids, int at) {
        if (width == 2) {
            for (int id : ids) {
                SHORT_LE.set(rec, at, (short) (id == -1 ? 0xFFFF : id));
                at += 2;
            }
        } else {
            for (int id : ids) {
                INT_LE.set(rec, at, id);
                at += 4;
            }
        }
        return at;
    }

    /** Appends rec[0, len) to the chunks. */
    private void append(int len) {
        int from = 0;
        while (from < len) {
            if (chunk == null || chunkFill == chunk.length) {
                chunk = new byte[CHUNK];
                chunks.add(chunk);
                chunkFill = 0;
            }
            int n = Math.min(len - from, chunk.length - chunkFill);
            System.arraycopy(rec, from, chunk, chunkFill, n);
            chunkFill += n;
            from += n;
        }
        bodyBytes += len;
        records++;
    }

    public long records() {
        return records;
    }

    /** Current size of the finished file in bytes. */
    public long bytes() {
        return ShardFormat.HEADER_BYTES + bodyBytes + ShardFormat.TRAILER_BYTES;
    }

    public ShardHeader header() {
        return new ShardHeader(objective, seqLen, vocabSize, records, hasLabels, padId);
    }

    /** The complete file: header, records, CRC32 trailer. */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) bytes());
        try {
            write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The parts of the file in order: header, record chunks, trailer (CRC32 of everything before it, end magic). */
    private List<byte[]> parts() {
        byte[] head = ShardFormat.encodeHeader(header(), nsp);
        CRC32 crc = new CRC32();
        crc.update(head);
        for (byte[] c : chunks) {
            crc.update(c, 0, used(c));
        }
        byte[] trailer = ByteBuffer.allocate(ShardFormat.TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue()).put(ShardFormat.END_MAGIC).array();
        List<byte[]> out = new ArrayList<>(chunks.size() + 2);
        out.add(head);
        out.addAll(chunks);
        out.add(trailer);
        return out;
    }

    /** Bytes used in a part: all of it, except in the last record chunk. */
    private int used(byte[] part) {
        return part == chunk ? chunkFill : part.length;
    }

    /** Writes the complete file (header, records, CRC32 trailer) to {@code out}. */
    public void write(OutputStream out) throws IOException {
        for (byte[] p : parts()) {
            out.write(p, 0, used(p));
        }
    }

    /** Writes the shard atomically (temp file, then rename). */
    public void writeTo(FileSystem fs, Path path) throws IOException {
        List<byte[]> parts = parts();
        HadoopFs.writeAtomically(fs, path, out -> {
            for (byte[] p : parts) {
                out.write(p, 0, used(p));
            }
        }, bytes());
    }

    /**
     * Writes the shard atomically (temp file, then rename) and returns the hex SHA-256 of the file's bytes, computed
     * on a second thread while this one writes.
     */
    public String writeToWithSha256(FileSystem fs, Path path) throws IOException {
        List<byte[]> parts = parts();
        String[] hex = new String[1];
        Thread digest = new Thread(() -> {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (byte[] p : parts) {
                    md.update(p, 0, used(p));
                }
                hex[0] = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }, "shard-sha256");
        digest.setDaemon(true);
        digest.start();
        try {
            HadoopFs.writeAtomically(fs, path, out -> {
                for (byte[] p : parts) {
                    out.write(p, 0, used(p));
                }
            }, bytes());
        } finally {
            try {
                digest.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while hashing " + path);
            }
        }
        if (hex[0] == null) {
            throw new IllegalStateException("SHA-256 of " + path + " failed");
        }
        return hex[0];
    }
}
