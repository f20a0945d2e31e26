package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.prep.seq.MlmBuilder;
import io.sparklm.prep.seq.MlmSpec;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BuildMlmInstancesTest {
    static final MlmSpec SPEC = new MlmSpec(32, true, 0.1, 0.15, 5, false, true, 2, 3, 4, 0, 1000, 42);

    static TokDoc doc(int d) {
        List<int[]> segs = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            int[] seg = new int[4 + (d + s) % 5];
            Arrays.fill(seg, 10 + d * 10 + s);
            segs.add(seg);
        }
        return TokDoc.ofSegments(DocHash.of("doc" + d), false, segs);
    }

    static List<String> render(List<Tuple2<PieceKey, Piece>> ps) {
        return ps.stream().map(t -> t._1() + " " + Arrays.toString(t._2().ids()) + Arrays.toString(t._2().labels()))
                .toList();
    }

    @Test
    void instancesDependOnTheGroupNotTheOrderItArrivesIn() {
        List<TokDoc> docs = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            docs.add(doc(d));
        }
        BuildMlmInstances step = new BuildMlmInstances(SPEC, 2, null);
        List<Tuple2<PieceKey, Piece>> a = step.build(docs, new MlmBuilder(SPEC, null));
        Collections.reverse(docs);
        List<Tuple2<PieceKey, Piece>> b = step.build(docs, new MlmBuilder(SPEC, null));
        assertEquals(render(a), render(b));
        assertTrue(a.size() >= 10, "2 copies of 5 documents");
        for (Tuple2<PieceKey, Piece> t : a) {
            assertEquals(PieceKey.mlm(42, t._2()), t._1());
            assertEquals(32, t._2().ids().length);
        }
        KeyByMlmGroup groups = new KeyByMlmGroup(42, 3);
        for (TokDoc d : docs) {
            long g = groups.group(d.hash());
            assertTrue(g >= 0 && g < 3);
            assertEquals(g, new KeyByMlmGroup(42, 3).call(d)._1());
        }
    }
}
