package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.rng.Rng;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupOrderTest {
    @Test
    void docKeyOrderIsTheSeededHexSortOrderAndRangesAreMonotone() {
        List<DocKey> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add(DocKey.of(42, DocHash.of("doc " + i)));
        }
        List<DocKey> byKey = new ArrayList<>(keys);
        byKey.sort(null);
        List<DocKey> byHexString = new ArrayList<>(keys);  // the sort key clm used before: "%016x" of the mix + hash
        byHexString.sort(Comparator.comparing(k -> String.format("%016x", Rng.mix(42, DocHash.high(k.hash()),
                DocHash.low(k.hash()))) + k.hash()));
        assertEquals(byHexString, byKey);
        int[] perPart = new int[7];
        int last = 0;
        for (DocKey k : byKey) {
            int p = k.range(7);
            assertTrue(p >= last && p < 7, "range is monotone in the order");
            last = p;
            perPart[p]++;
        }
        for (int n : perPart) {
            assertTrue(n > 2000 / 7 / 2, "uniform order gives balanced ranges: " + java.util.Arrays.toString(perPart));
        }
        assertEquals(0, DocKey.SKIP_COUNTS.range(7));
        assertTrue(DocKey.SKIP_COUNTS.compareTo(byKey.get(0)) < 0, "skip counts sort before every document");
    }

    static SkipCounts skips(String reason, long n) {
        SkipCounts s = new SkipCounts();
        s.add(reason, n);
        return s;
    }

    @Test
    void sortedDedupMergesRunsAndStatsAccountForEveryRecord() {
        String h1 = DocHash.of("a"), h2 = DocHash.of("b"), h3 = DocHash.of("c");
        TokDoc d1 = new TokDoc(h1, false, new int[]{5, 6, 0}, null, 3);
        TokDoc d2 = new TokDoc(h2, true, new int[]{7, 0}, null, 2);
        TokDoc d3 = new TokDoc(h3, false, new int[0], null, 0);
        List<Tuple2<DocKey, DedupValue>> in = new ArrayList<>(List.of(
                new Tuple2<>(DocKey.of(1, h1), new DocCopies(null, 2)),  // copies seen first in another input split
                new Tuple2<>(DocKey.of(1, h1), new DocCopies(d1, 1)),
                new Tuple2<>(DocKey.of(1, h2), new DocCopies(d2, 1)),
                new Tuple2<>(DocKey.of(1, h3), new DocCopies(d3, 1)),
                new Tuple2<>(DocKey.SKIP_COUNTS, skips("empty", 4)),      // one per map task
                new Tuple2<>(DocKey.SKIP_COUNTS, skips("empty", 1)),
                new Tuple2<>(DocKey.SKIP_COUNTS, skips("too_long", 1))));
        in.sort(Comparator.comparing(Tuple2::_1));
        List<Tuple2<DocKey, DedupValue>> out = new ArrayList<>();
        new SortedDedup(in.iterator()).forEachRemaining(out::add);
        assertEquals(4, out.size());
        assertEquals(DocKey.SKIP_COUNTS, out.get(0)._1());
        assertEquals(SkipCounts.of(Map.of("empty", 5L, "too_long", 1L)), out.get(0)._2());
        PartStats st = new PartStats(0);
        Map<String, DocCopies> byHash = new TreeMap<>();
        for (Tuple2<DocKey, DedupValue> t : out) {
            st.add(t._2());
            if (t._2() instanceof DocCopies c) {
                byHash.put(t._1().hash(), c);
            }
        }
        assertEquals(3, byHash.get(h1).copies());
        assertArrayEquals(d1.tokens(), byHash.get(h1).doc().tokens());
        assertEquals(Map.of("empty", 5L, "too_long", 1L), st.skipped().asMap());
        assertEquals(2, st.duplicates());
        assertEquals(1, st.noTokens());
        assertEquals(1, st.docs(0));
        assertEquals(3, st.tokens(0));
        assertEquals(1, st.docs(1));
        assertEquals(2, st.tokens(1));

        DedupTotals t = DedupTotals.of(List.of(new PartStats(1), st));  // partition 1 empty, in any order
        long records = in.stream().mapToLong(e -> e._2() instanceof DocCopies c ? c.copies()
                : ((SkipCounts) e._2()).total()).sum();
        assertEquals(records, t.read(), "every input record is kept or skipped");
        assertEquals(2, t.kept());
        assertEquals(Map.of("duplicate", 2L, "empty", 5L, "no_tokens", 1L, "too_long", 1L), t.skipped());
        assertEquals(t.read(), t.kept() + t.skipped().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2, t.partitions());
        assertEquals(0, t.tokensBefore(0, 0));
        assertEquals(3, t.tokensBefore(0, 1));
        assertEquals(2, t.tokensBefore(1, 1));
        assertEquals(5, t.documentTokens());
    }
}
