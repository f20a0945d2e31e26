package io.sparklm.prep.seq;

import io.sparklm.rng.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SequenceLogicTest {
    @Test
    void clmPackerCutsAGlobalTokenLineIntoWindowsAcrossRuns() {
        int[][] docs = {{1, 2, 3, 0}, {4, 5, 0}, {6, 7, 8, 9, 10, 0}, {11, 0}};
        // whole run in one packer vs split into two runs at a document boundary
        List<Piece> one = new ArrayList<>();
        ClmPacker p = new ClmPacker(0, 4, 3, one::add);
        for (int[] d : docs) p.add(d);
        p.flush();
        assertEquals(3, one.size()); // 15 tokens -> 3 windows of 4, tail of 3 dropped
        assertArrayEquals(new int[]{1, 2, 3, 0}, one.get(0).ids());
        assertArrayEquals(new int[]{4, 5, 0, 6}, one.get(1).ids());
        assertArrayEquals(new int[]{7, 8, 9, 10}, one.get(2).ids());
        List<Piece> two = new ArrayList<>();
        ClmPacker a = new ClmPacker(0, 4, 3, two::add);
        a.add(docs[0]);
        a.add(docs[1]);
        a.flush();
        ClmPacker b = new ClmPacker(7, 4, 3, two::add);
        b.add(docs[2]);
        b.add(docs[3]);
        b.flush();
        assertEquals(List.of(0L, 1L, 1L, 2L), two.stream().map(Piece::id).toList());
        assertEquals(3, two.get(2).offset());
        assertArrayEquals(new int[]{6}, two.get(2).ids());
    }

    static MlmSpec spec(boolean nsp, boolean staticMask, boolean ww) {
        return new MlmSpec(32, nsp, 0.1, 0.15, 5, ww, staticMask, 2, 3, 4, 0, 1000, 42);
    }

    static List<MlmBuilder.Doc> docs(int n) {
        List<MlmBuilder.Doc> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            List<int[]> segs = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                int[] seg = new int[5 + (d + s) % 7];
                for (int i = 0; i < seg.length; i++) seg[i] = 10 + (d * 100 + s * 10 + i) % 900;
                segs.add(seg);
            }
            out.add(new MlmBuilder.Doc(DocHash.of("doc" + d), segs));
        }
        return out;
    }

    @Test
    void mlmInstancesHaveBertLayoutAndStaticMasks() {
        MlmBuilder b = new MlmBuilder(spec(true, true, false), null);
        List<MlmBuilder.Doc> g = docs(6);
        List<Piece> out = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) b.build(g, i, 0, out::add);
        assertTrue(out.size() >= 6);
        int nspRandom = 0;
        for (Piece p : out) {
            int[] ids = p.ids();
            assertEquals(32, ids.length);
            assertEquals(2, ids[0]);
            int seps = 0;
            int lastReal = 0;
            for (int i = 0; i < 32; i++) {
                if (ids[i] == 3) seps++;
                if (ids[i] != 0) lastReal = i;
            }
            assertEquals(2, seps, Arrays.toString(ids));
            assertEquals(3, ids[lastReal]); // padding only after the final [SEP]
            int masked = 0;
            for (int i = 0; i < 32; i++) {
                if (p.labels()[i] >= 0) {
                    masked++;
                    assertNotEquals(2, p.labels()[i]);
                    assertNotEquals(3, p.labels()[i]);
                } else if (ids[i] == 4) {
                    fail("[MASK] without label");
                }
            }
            assertTrue(masked >= 1 && masked <= 5, "masked " + masked);
            assertTrue(p.nspLabel() == 0 || p.nspLabel() == 1);
            nspRandom += p.nspLabel();
            // segment ids: 0 through the first [SEP], then 1 through the second, 0 for padding
            int firstSep = -1;
            for (int i = 0; i < 32; i++) if (ids[i] == 3) { firstSep = i; break; }
            for (int i = 0; i < 32; i++) {
                int expect = i <= firstSep || i > lastReal ? 0 : 1;
                assertEquals(expect, p.segmentIds()[i]);
            }
        }
        assertTrue(nspRandom > 0 && nspRandom < out.size(), "mix of random and actual next: " + nspRandom);
        // same inputs, same output; another copy differs
        List<Piece> again = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) b.build(g, i, 0, again::add);
        assertEquals(out.size(), again.size());
        for (int i = 0; i < out.size(); i++) assertArrayEquals(out.get(i).ids(), again.get(i).ids());
        List<Piece> copy1 = new ArrayList<>();
        b.build(g, 0, 1, copy1::add);
        assertFalse(Arrays.equals(out.get(0).ids(), copy1.get(0).ids()));
    }

    @Test
    void dynamicMaskingStoresNoLabelsAndNoMasks() {
        MlmBuilder b = new MlmBuilder(spec(false, false, false), null);
        List<Piece> out = new ArrayList<>();
        List<MlmBuilder.Doc> g = docs(3);
        b.build(g, 0, 0, out::add);
        for (Piece p : out) {
            assertNull(p.labels());
            assertEquals(-1, p.nspLabel());
            assertTrue(Arrays.stream(p.ids()).noneMatch(x -> x == 4));
            assertTrue(Arrays.stream(p.segmentIds()).allMatch(x -> x == 0));
        }
    }

    @Test
    void wholeWordMaskingMasksAllPiecesOfAWord() {
        boolean[] starts = new boolean[1000];
        for (int i = 0; i < 1000; i++) starts[i] = i % 2 == 0; // odd ids continue the previous word
        MlmBuilder b = new MlmBuilder(new MlmSpec(64, false, 0.0, 0.3, 40, true, true, 2, 3, 4, 0, 1000, 1), starts);
        int[] ids = new int[64];
        int n = 0;
        ids[n++] = 2;
        for (int w = 0; w < 20; w++) {
            ids[n++] = 10 + 2 * w;
            ids[n++] = 11 + 2 * w;
        }
        ids[n++] = 3;
        int[] labels = b.mask(ids, n, Rng.of(5));
        for (int i = 1; i + 1 < n; i += 2) {
            assertEquals(labels[i] >= 0, labels[i + 1] >= 0, "word at " + i + " masked as a whole");
        }
        assertTrue(Arrays.stream(labels).filter(x -> x >= 0).count() >= 2);
    }

    @Test
    void rngIsDeterministicAndUniformEnough() {
        Rng a = Rng.of(1, 2, 3);
        Rng b = Rng.of(1, 2, 3);
        int[] hist = new int[10];
        for (int i = 0; i < 10000; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            hist[Rng.of(i).nextInt(10)]++;
        }
        for (int h : hist) assertTrue(h > 850 && h < 1150, Arrays.toString(hist));
        assertNotEquals(Rng.mix(1, 2), Rng.mix(2, 1));
    }
}
