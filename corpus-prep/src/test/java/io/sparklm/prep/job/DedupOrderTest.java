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
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertEquals(0, DocKey.skip("too_short").range(7));
        assertTrue(DocKey.skip("too_short").isSkip() && !keys.get(0).isSkip());
    }

    @Test
    void sortedDedupMergesRunsAndStatsAccountForEveryRecord() {
        String h1 = DocHash.of("a"), h2 = DocHash.of("b"), h3 = DocHash.of("c");
        TokDoc d1 = new TokDoc(h1, false, new int[]{5, 6, 0}, null, 3);
        TokDoc d2 = new TokDoc(h2, true, new int[]{7, 0}, null, 2);
        TokDoc d3 = new TokDoc(h3, false, new int[0], null, 0);
        List<Tuple2<DocKey, DocCopies>> in = new ArrayList<>(List.of(
                new Tuple2<>(DocKey.of(1, h1), new DocCopies(null, 2)),  // copies seen first in another input split
                new Tuple2<>(DocKey.of(1, h1), new DocCopies(d1, 1)),
                new Tuple2<>(DocKey.of(1, h2), new DocCopies(d2, 1)),
                new Tuple2<>(DocKey.of(1, h3), new DocCopies(d3, 1)),
                new Tuple2<>(DocKey.skip("empty"), new DocCopies(null, 4)),
                new Tuple2<>(DocKey.skip("empty"), new DocCopies(null, 1)),
                new Tuple2<>(DocKey.skip("too_long"), new DocCopies(null, 1))));
        in.sort(Comparator.comparing(Tuple2::_1));
        List<Tuple2<DocKey, DocCopies>> out = new ArrayList<>();
        new SortedDedup(in.iterator()).forEachRemaining(out::add);
        assertEquals(5, out.size());
        PartStats st = new PartStats(3);
        Map<String, DocCopies> byHash = new TreeMap<>();
        for (Tuple2<DocKey, DocCopies> t : out) {
            st.add(t._1(), t._2());
            byHash.put(t._1().hash(), t._2());
        }
        assertEquals(3, byHash.get(h1).copies());
        assertArrayEquals(d1.tokens(), byHash.get(h1).doc().tokens());
        assertNull(byHash.get(CorpusReader.SKIP + "empty").doc());
        assertEquals(Map.of("empty", 5L, "too_long", 1L), st.skipped());
        assertEquals(2, st.duplicates());
        assertEquals(1, st.noTokens());
        assertEquals(1, st.docs(0));
        assertEquals(3, st.tokens(0));
        assertEquals(1, st.docs(1));
        assertEquals(2, st.tokens(1));
        long read = st.skipped().values().stream().mapToLong(Long::longValue).sum() + st.duplicates() + st.noTokens()
                + st.docs(0) + st.docs(1);
        assertEquals(in.stream().mapToLong(t -> t._2().copies()).sum(), read);
        assertEquals(3, st.partition());
    }
}
