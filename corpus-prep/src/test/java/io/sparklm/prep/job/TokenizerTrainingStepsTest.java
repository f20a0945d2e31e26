package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerTrainingStepsTest {
    @Test
    void keyedRecordsMergeIntoOneCopyPerDocumentAndOneSumOfSkips() throws Exception {
        KeyByDocument key = new KeyByDocument();
        Tuple2<DocKey, DocOrSkips> a = key.call(CleanRecord.document("a b a"));
        Tuple2<DocKey, DocOrSkips> a2 = key.call(CleanRecord.document("a b a"));
        Tuple2<DocKey, DocOrSkips> s1 = key.call(CleanRecord.skipped("empty"));
        Tuple2<DocKey, DocOrSkips> s2 = key.call(CleanRecord.skipped("too_long"));
        assertEquals(a._1(), a2._1());
        assertEquals(DocKey.SKIP_COUNTS, s1._1());
        assertEquals("a b a", DocOrSkips.merge(a._2(), a2._2()).text());
        DocOrSkips skips = DocOrSkips.merge(DocOrSkips.merge(s1._2(), s2._2()), s1._2());
        assertEquals(Map.of("empty", 2L, "too_long", 1L), skips.skipped().asMap());
        assertEquals(Map.of("empty", 1L), s1._2().skipped().asMap(), "merge does not change its inputs");

        CountWords count = new CountWords(t -> List.of(t.split(" ")));
        List<Tuple2<String, Long>> words = new ArrayList<>();
        count.call(a).forEachRemaining(words::add);
        words.sort(java.util.Comparator.comparing(Tuple2::_1));
        assertEquals(List.of(new Tuple2<>("a", 2L), new Tuple2<>("b", 1L)), words);
        assertFalse(count.call(new Tuple2<>(DocKey.SKIP_COUNTS, skips)).hasNext(), "skip counts have no words");
    }
}
