package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PartitionTokenizerTest {
    static final Tokenizer TOK = TestTokenizers.bpe("the whale and the sea. Call me Ishmael. ".repeat(50), 300);
    static final PartitionTokenizer.Settings CLM = new PartitionTokenizer.Settings(5, false, 0, 0.0);

    @Test
    void firstCopyIsTokenizedLaterCopiesCountAndSkipsFollowTheLastDocument() {
        List<CleanRecord> in = List.of(CleanRecord.document("Call me Ishmael."), CleanRecord.skipped("empty"),
                CleanRecord.document("Call me Ishmael."), CleanRecord.document("the sea"),
                CleanRecord.skipped("too_long"), CleanRecord.skipped("empty"));
        List<Tuple2<DocKey, DedupValue>> out = new ArrayList<>();
        new PartitionTokenizer(TOK, CLM, in.iterator()).forEachRemaining(out::add);
        assertEquals(4, out.size());
        String h = in.get(0).hash();
        assertEquals(DocKey.of(5, h), out.get(0)._1());
        DocCopies first = (DocCopies) out.get(0)._2();
        int[] ids = TOK.encode("Call me Ishmael.", false);
        assertEquals(ids.length + 1, first.doc().tokenCount(), "clm: EOS appended");
        assertEquals(0, first.doc().tokens()[ids.length]);
        assertEquals(new DocCopies(null, 1), out.get(1)._2(), "a later copy carries only its count");
        assertEquals(DocKey.of(5, h), out.get(1)._1());
        assertEquals(DocKey.SKIP_COUNTS, out.get(3)._1());
        assertEquals(SkipCounts.of(Map.of("empty", 2L, "too_long", 1L)), out.get(3)._2());
    }

    @Test
    void lazyOneInputAtATimeAndNoSkipEntryWithoutSkips() {
        int[] pulled = new int[1];
        Iterator<CleanRecord> in = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled[0] < 3;
            }

            @Override
            public CleanRecord next() {
                return CleanRecord.document("doc " + pulled[0]++);
            }
        };
        PartitionTokenizer t = new PartitionTokenizer(TOK, new PartitionTokenizer.Settings(5, true, 0, 1.0), in);
        DocCopies c = (DocCopies) t.next()._2();
        assertEquals(1, pulled[0], "one record read per output");
        assertTrue(c.doc().validation(), "validation-fraction 1.0");
        assertNotNull(c.doc().segmentEnds(), "mlm: segments");
        t.next();
        t.next();
        assertFalse(t.hasNext());
    }
}
