package io.sparklm.prep.shard;

import io.sparklm.io.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Builds one shard in memory (the header needs the record count; memory is bounded by the shard size,
 * {@code shard-mb}) and writes it atomically. Validates every record: lengths equal seqLen, ids in
 * [0, vocabSize), labels -1 or in range, segment ids in [0, 65535], NSP label -1/0/1.
 */
public final class ShardWriter {
    private final String objective;
    private final int seqLen;
    private final int vocabSize;
    private final boolean hasLabels;
    private final boolean nsp;
    private final int padId;
    private final int width;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
    private final ByteBuffer rec;
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
        this.rec = ByteBuffer.allocate((int) ShardFormat.recordBytes(seqLen, vocabSize, hasLabels, nsp))
                .order(ByteOrder.LITTLE_ENDIAN);
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
        rec.clear();
        putIds(r.inputIds());
        if (hasLabels) {
            putIds(r.labels());
        }
        for (int s : r.segmentIds()) {
            if (s < 0 || s > 0xFFFF) {
                throw new IllegalArgumentException("segment id out of uint16 range: " + s);
            }
            rec.putShort((short) s);
        }
        if (nsp) {
            rec.put((byte) r.nspLabel());
        }
        body.write(rec.array(), 0, rec.position());
        records++;
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

    private void putIds(int[] ids) {
        if (width == 2) {
            for (int id : ids) {
                rec.putShort((short) (id == -1 ? 0xFFFF : id));
            }
        } else {
            for (int id : ids) {
                rec.putInt(id);
            }
        }
    }

    public long records() {
        return records;
    }

    /** Current size of the finished file in bytes. */
    public long bytes() {
        return ShardFormat.HEADER_BYTES + body.size() + ShardFormat.TRAILER_BYTES;
    }

    public ShardHeader header() {
        return new ShardHeader(objective, seqLen, vocabSize, records, hasLabels, padId);
    }

    /** The complete file: header, records, CRC32 trailer. */
    public byte[] toBytes() {
        byte[] head = ShardFormat.encodeHeader(header(), nsp);
        byte[] recs = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(head);
        crc.update(recs);
        ByteBuffer out = ByteBuffer.allocate(head.length + recs.length + ShardFormat.TRAILER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(head).put(recs).putInt((int) crc.getValue()).put(ShardFormat.END_MAGIC);
        return out.array();
    }

    /** Writes the shard atomically (temp file, then rename). */
    public void writeTo(FileSystem fs, Path path) throws IOException {
        HadoopFs.writeAtomically(fs, path, toBytes());
    }
}
