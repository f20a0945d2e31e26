package io.sparklm.shard;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ShardFormatTest {
    @TempDir
    java.nio.file.Path dir;

    static FileSystem local() throws IOException {
        return FileSystem.getLocal(new Configuration()).getRaw();
    }

    static List<ShardRecord> randomRecords(int n, int seqLen, int vocab, boolean labels, boolean nsp, long seed) {
        Random r = new Random(seed);
        List<ShardRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[seqLen];
            int[] lab = labels ? new int[seqLen] : null;
            int[] seg = new int[seqLen];
            for (int j = 0; j < seqLen; j++) {
                ids[j] = r.nextInt(vocab);
                if (labels) {
                    lab[j] = r.nextInt(5) == 0 ? r.nextInt(vocab) : -1;
                }
                seg[j] = j / 7;
            }
            out.add(new ShardRecord(ids, lab, seg, nsp ? r.nextInt(2) : -1));
        }
        return out;
    }

    List<ShardRecord> roundTrip(String obj, int seqLen, int vocab, boolean labels, boolean nsp, int n)
            throws IOException {
        List<ShardRecord> recs = randomRecords(n, seqLen, vocab, labels, nsp, 42);
        ShardWriter w = new ShardWriter(obj, seqLen, vocab, labels, nsp, 1);
        recs.forEach(w::add);
        Path p = new Path(dir.resolve("s.bin").toUri());
        w.writeTo(local(), p);
        assertEquals(w.bytes(), Files.size(dir.resolve("s.bin")));
        List<ShardRecord> back = new ArrayList<>();
        try (ShardReader r = ShardReader.open(local(), p)) {
            assertEquals(new ShardHeader(obj, seqLen, vocab, n, labels, 1), r.header());
            r.forEachRemaining(back::add);
        }
        assertEquals(recs, back);
        return back;
    }

    @Test
    void roundTripsUint16WithLabelsAndNsp() throws IOException {
        roundTrip("mlm", 32, 30522, true, true, 50);
        assertEquals(48 + 50 * (32 * 2 + 32 * 2 + 32 * 2 + 1) + 8, Files.size(dir.resolve("s.bin")));
    }

    @Test
    void openAtSeeksToAnyRecordAndChecksBounds() throws IOException {
        List<ShardRecord> all = roundTrip("mlm", 16, 70000, true, true, 40); // int32 ids, labels, NSP
        Path p = new Path(dir.resolve("s.bin").toUri());
        for (int first : new int[] {0, 1, 17, 39, 40}) {
            List<ShardRecord> tail = new ArrayList<>();
            try (ShardReader r = ShardReader.openAt(local(), p, first)) {
                r.forEachRemaining(tail::add);
            }
            assertEquals(all.subList(first, 40), tail, "from record " + first);
        }
        assertThrows(IllegalArgumentException.class, () -> ShardReader.openAt(local(), p, 41));
        assertThrows(IllegalArgumentException.class, () -> ShardReader.openAt(local(), p, -1));
    }

    @Test
    void roundTripsInt32ForLargeVocab() throws IOException {
        roundTrip("clm", 16, 100_000, false, false, 20);
        assertEquals(48 + 20 * (16 * 4 + 16 * 2) + 8, Files.size(dir.resolve("s.bin")));
    }

    @Test
    void emptyShardIsValid() throws IOException {
        roundTrip("clm", 8, 300, false, false, 0);
    }

    @Test
    void headerIsLittleEndianAsDocumented() throws IOException {
        roundTrip("mlm", 4, 1000, true, false, 3);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("s.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("SPLMSHRD", new String(b.array(), 0, 8));
        assertEquals(1, b.getInt(8));
        assertEquals(1, b.get(12));
        assertEquals(2, b.get(13));
        assertEquals(ShardFormat.FLAG_LABELS, b.get(14));
        assertEquals(4, b.getInt(16));
        assertEquals(1000, b.getInt(20));
        assertEquals(1, b.getInt(24));
        assertEquals(3L, b.getLong(32));
    }

    @Test
    void detectsFlippedByteViaCrc() throws IOException {
        roundTrip("clm", 16, 500, false, false, 10);
        java.nio.file.Path f = dir.resolve("s.bin");
        byte[] bytes = Files.readAllBytes(f);
        bytes[48 + 100] ^= 1;
        Files.write(f, bytes);
        try (ShardReader r = ShardReader.open(local(), new Path(f.toUri()))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> r.forEachRemaining(x -> {}));
            assertTrue(e.getCause().getMessage().contains("CRC32 mismatch"), e.getMessage());
        }
    }

    @Test
    void rejectsTruncatedAndForeignFiles() throws IOException {
        roundTrip("clm", 16, 500, false, false, 10);
        java.nio.file.Path f = dir.resolve("s.bin");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> ShardReader.open(local(), new Path(f.toUri())));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        bytes[0] = 'X';
        Files.write(f, bytes);
        e = assertThrows(IOException.class, () -> ShardReader.open(local(), new Path(f.toUri())));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void writerRejectsBadRecords() {
        ShardWriter w = new ShardWriter("clm", 4, 10, false, false, -1);
        assertThrows(IllegalArgumentException.class, () -> w.add(new ShardRecord(new int[]{1, 2, 3}, null, new int[4], -1)));
        assertThrows(IllegalArgumentException.class, () -> w.add(new ShardRecord(new int[]{1, 2, 3, 10}, null, new int[4], -1)));
        assertThrows(IllegalArgumentException.class, () -> w.add(new ShardRecord(new int[4], new int[4], new int[4], -1)));
        assertThrows(IllegalArgumentException.class, () -> w.add(new ShardRecord(new int[4], null, new int[4], 1)));
        assertEquals(0, w.records());
    }

    /** The format written the simple way (one ByteBuffer for the whole file), as a reference for ShardWriter. */
    static byte[] reference(String obj, int seqLen, int vocab, boolean labels, boolean nsp, int pad,
                            List<ShardRecord> recs) {
        int w = ShardFormat.tokenWidth(vocab);
        long recBytes = ShardFormat.recordBytes(seqLen, vocab, labels, nsp);
        ByteBuffer b = ByteBuffer.allocate((int) (ShardFormat.HEADER_BYTES + recBytes * recs.size()
                + ShardFormat.TRAILER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ShardFormat.encodeHeader(new ShardHeader(obj, seqLen, vocab, recs.size(), labels, pad), nsp));
        for (ShardRecord r : recs) {
            for (int[] a : labels ? new int[][]{r.inputIds(), r.labels()} : new int[][]{r.inputIds()}) {
                for (int id : a) {
                    if (w == 2) {
                        b.putShort((short) (id == -1 ? 0xFFFF : id));
                    } else {
                        b.putInt(id);
                    }
                }
            }
            for (int s : r.segmentIds()) {
                b.putShort((short) s);
            }
            if (nsp) {
                b.put((byte) r.nspLabel());
            }
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).put(ShardFormat.END_MAGIC);
        return b.array();
    }

    @Test
    void chunkedWriterMatchesReferenceBytesAndSha() throws Exception {
        // 4-byte ids + labels + nsp: 10001-byte records, so records straddle the writer's 1 MiB chunks
        for (boolean[] c : new boolean[][]{{true, true}, {false, false}, {true, false}}) {
            int vocab = c[0] ? 70_000 : 300;
            List<ShardRecord> recs = randomRecords(260, 1000, vocab, c[0], c[1], 7);
            ShardWriter w = new ShardWriter("mlm", 1000, vocab, c[0], c[1], 3);
            recs.forEach(w::add);
            byte[] want = reference("mlm", 1000, vocab, c[0], c[1], 3, recs);
            assertArrayEquals(want, w.toBytes());
            assertEquals(want.length, w.bytes());
            Path p = new Path(dir.resolve("c.bin").toUri());
            String sha = w.writeToWithSha256(local(), p);
            assertArrayEquals(want, Files.readAllBytes(dir.resolve("c.bin")));
            assertEquals(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(want)), sha);
        }
        ShardWriter empty = new ShardWriter("clm", 8, 50, false, false, -1);
        assertArrayEquals(reference("clm", 8, 50, false, false, -1, List.of()), empty.toBytes());
    }

    @Test
    void clmSegmentIdsCountEosBeforeEachPosition() {
        assertArrayEquals(new int[]{0, 0, 0, 1}, ShardRecord.clmSegmentIds(new int[]{4, 5, 0, 6}, 0));
    }

    @Test
    void addClmEqualsAddWithEosSegmentIds() {
        Random r = new Random(3);
        int seqLen = 777, eos = 5;
        for (int vocab : new int[]{100, 70_000}) {
            ShardWriter a = new ShardWriter("clm", seqLen, vocab, false, false, -1);
            ShardWriter b = new ShardWriter("clm", seqLen, vocab, false, false, -1);
            List<ShardRecord> recs = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                int[] ids = new int[seqLen];
                int eosEvery = 1 + r.nextInt(i % 3 == 0 ? 2 : 400); // includes all-EOS-ish windows
                for (int j = 0; j < seqLen; j++) {
                    ids[j] = r.nextInt(eosEvery) == 0 ? eos : r.nextInt(vocab);
                }
                a.add(new ShardRecord(ids, null, ShardRecord.clmSegmentIds(ids, eos), -1));
                b.addClm(ids, eos);
                recs.add(new ShardRecord(ids, null, ShardRecord.clmSegmentIds(ids, eos), -1));
            }
            assertArrayEquals(a.toBytes(), b.toBytes());
            assertArrayEquals(reference("clm", seqLen, vocab, false, false, -1, recs), b.toBytes());
            assertEquals(1500, b.records());
        }
        ShardWriter w = new ShardWriter("clm", 4, 10, false, false, -1);
        assertThrows(IllegalArgumentException.class, () -> w.addClm(new int[]{1, 2, 3}, 5));
        assertThrows(IllegalArgumentException.class, () -> w.addClm(new int[]{1, 2, 3, 10}, 5));
        ShardWriter lab = new ShardWriter("mlm", 4, 10, true, false, -1);
        assertThrows(IllegalArgumentException.class, () -> lab.addClm(new int[4], 5));
        assertEquals(0, w.records());
    }
}
