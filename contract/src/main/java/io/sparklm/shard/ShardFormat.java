package io.sparklm.shard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Constants and header codec of shard format version 1 (docs/shard-format.md). All integers little-endian.
 * Layout: 48-byte header, {@code records} fixed-size records, 8-byte trailer (CRC32 of every preceding byte,
 * then the end magic {@code SPLE}).
 */
public final class ShardFormat {
    public static final byte[] MAGIC = "SPLMSHRD".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] END_MAGIC = "SPLE".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 48;
    public static final int TRAILER_BYTES = 8;
    public static final int FLAG_LABELS = 1;
    public static final int FLAG_NSP = 2;
    /** Largest supported seq-len: segment ids are uint16 and clm segment ids go up to seqLen - 1. */
    public static final int MAX_SEQ_LEN = 65536;

    private ShardFormat() {}

    /** 2 when ids in [0, vocabSize) and the label sentinel 0xFFFF fit in uint16, else 4. */
    public static int tokenWidth(int vocabSize) {
        return vocabSize <= 0xFFFF ? 2 : 4;
    }

    /** Bytes of one record: inputIds, optional labels, uint16 segment ids, optional int8 NSP label. */
    public static long recordBytes(int seqLen, int vocabSize, boolean labels, boolean nsp) {
        int w = tokenWidth(vocabSize);
        return (long) seqLen * w + (labels ? (long) seqLen * w : 0) + 2L * seqLen + (nsp ? 1 : 0);
    }

    static byte[] encodeHeader(ShardHeader h, boolean nsp) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION);
        b.put((byte) (h.objective().equals("mlm") ? 1 : 0));
        b.put((byte) h.tokenWidth());
        b.put((byte) ((h.hasLabels() ? FLAG_LABELS : 0) | (nsp ? FLAG_NSP : 0)));
        b.put((byte) 0);
        b.putInt(h.seqLen()).putInt(h.vocabSize()).putInt(h.padId()).putInt(0);
        b.putLong(h.records());
        b.putLong(0L);
        return b.array();
    }

    /** Parsed header plus the NSP flag. */
    record Decoded(ShardHeader header, boolean nsp) {}

    static Decoded decodeHeader(byte[] bytes, String where) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(where + ": not a sparklm shard (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new IOException(where + ": unsupported shard version " + version + " (this reader knows "
                    + VERSION + ")");
        }
        int obj = b.get();
        int width = b.get();
        int flags = b.get();
        b.get();
        int seqLen = b.getInt();
        int vocab = b.getInt();
        int pad = b.getInt();
        b.getInt();
        long records = b.getLong();
        if (obj != 0 && obj != 1) {
            throw new IOException(where + ": bad objective code " + obj);
        }
        if (seqLen <= 0 || seqLen > MAX_SEQ_LEN || vocab <= 0 || records < 0 || width != tokenWidth(vocab)) {
            throw new IOException(where + ": corrupt header (seqLen " + seqLen + ", vocab " + vocab
                    + ", width " + width + ", records " + records + ")");
        }
        ShardHeader h = new ShardHeader(obj == 1 ? "mlm" : "clm", seqLen, vocab, records,
                (flags & FLAG_LABELS) != 0, pad);
        return new Decoded(h, (flags & FLAG_NSP) != 0);
    }
}
