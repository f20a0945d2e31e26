package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.prep.seq.Piece;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class PartitionPackerTest {
    static Tuple2<DocKey, DedupValue> doc(String name, boolean validation, int... tokens) {
        String h = DocHash.of(name);
        return new Tuple2<>(DocKey.of(1, h), new DocCopies(new TokDoc(h, validation, tokens, null, tokens.length), 1));
    }

    /** The windows of each split, pieces joined by window id and offset, as ShardSink joins them. */
    static Map<String, int[]> windows(List<Tuple2<ShardKey, Piece>> pieces, ClmLayout layout) {
        Map<String, int[]> out = new TreeMap<>();
        for (Tuple2<ShardKey, Piece> t : pieces) {
            int split = t._1().shard() >= layout.firstShard()[1] && layout.shards()[1] > 0 ? 1 : 0;
            int[] w = out.computeIfAbsent(split + ":" + t._2().id(), k -> new int[layout.seqLen()]);
            System.arraycopy(t._2().ids(), 0, w, t._2().offset(), t._2().ids().length);
        }
        return out;
    }

    @Test
    void partitionsPackTheirSliceOfEachSplitsTokenLine() {
        List<List<Tuple2<DocKey, DedupValue>>> parts = List.of(
                List.of(new Tuple2<>(DocKey.SKIP_COUNTS, SkipCounts.of(Map.of("empty", 3L))),
                        doc("a", false, 1, 2, 3, 0), doc("v", true, 50, 51, 0), doc("b", false, 4, 5, 0)),
                List.of(doc("c", false, 6, 7, 8, 9, 10, 0), doc("e", false), doc("w", true, 52, 0),
                        doc("d", false, 11, 0)));
        List<PartStats> stats = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            PartStats st = new PartStats(p);
            parts.get(p).forEach(t -> st.add(t._2()));
            stats.add(st);
        }
        ClmLayout layout = ClmLayout.of(DedupTotals.of(stats), 4, 9, w -> 2);
        assertArrayEquals(new long[]{3, 1}, layout.windows(), "15 train tokens, 5 validation tokens");
        assertArrayEquals(new int[]{0, 2}, layout.firstShard());
        List<Tuple2<ShardKey, Piece>> pieces = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            new PartitionPacker(layout, p, parts.get(p).iterator()).forEachRemaining(pieces::add);
        }
        Map<String, int[]> w = windows(pieces, layout);
        assertEquals(List.of("0:0", "0:1", "0:2", "1:0"), new ArrayList<>(w.keySet()));
        assertArrayEquals(new int[]{4, 5, 0, 6}, w.get("0:1"), "window 1 spans the partition boundary");
        assertArrayEquals(new int[]{7, 8, 9, 10}, w.get("0:2"), "the tail (11, 0) is dropped");
        assertArrayEquals(new int[]{50, 51, 0, 52}, w.get("1:0"));
        for (Tuple2<ShardKey, Piece> t : pieces) {
            int split = t._2().ids()[0] >= 50 ? 1 : 0;
            int shard = t._1().shard() - layout.firstShard()[split];
            assertTrue(shard >= 0 && shard < 2, Arrays.toString(t._2().ids()));
            assertEquals(t._1().key().shard(2), shard, "shard = seeded order mod shards");
        }
    }

    @Test
    void aSplitWithoutACompleteWindowGetsNoShardsAndNoPieces() {
        List<Tuple2<DocKey, DedupValue>> part = List.of(doc("a", false, 1, 2, 3, 4, 5, 0), doc("v", true, 50, 0));
        PartStats st = new PartStats(0);
        part.forEach(t -> st.add(t._2()));
        ClmLayout layout = ClmLayout.of(DedupTotals.of(List.of(st)), 4, 9, w -> 1);
        assertArrayEquals(new int[]{1, 0}, layout.shards());
        List<Tuple2<ShardKey, Piece>> pieces = new ArrayList<>();
        new PartitionPacker(layout, 0, part.iterator()).forEachRemaining(pieces::add);
        assertEquals(1, pieces.size());
        assertArrayEquals(new int[]{1, 2, 3, 4}, pieces.get(0)._2().ids());
    }
}
