package io.sparklm.model;

import io.sparklm.batch.Batches;
import io.sparklm.model.layers.KeyedDropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision finite-difference checks of both families (padding masks, segments, NSP), sampling up to
 * 4 entries of every parameter array (all parameter kinds: embeddings, LN, attention, MLP, heads); with keyed
 * dropout also in training mode (the masks repeat at a fixed iteration and batch).
 */
@ExtendWith(DoublePrecision.class)
class GradientCheckTest {
    static void assertGradientsMatch(ComputationGraph g, MultiDataSet mds) {
        assertGradientsMatch(g, mds, false);
    }

    static void assertGradientsMatch(ComputationGraph g, MultiDataSet mds, boolean training) {
        Map<String, GradCheck.Stat> stats = GradCheck.run(g, mds, 4, 1e-6, training);
        StringBuilder bad = new StringBuilder();
        stats.forEach((k, s) -> {
            if (s.maxRelError() > 1e-4) {
                bad.append(k).append(": ").append(s).append('\n');
            }
        });
        assertTrue(bad.length() == 0, "gradient mismatch:\n" + bad + "all: " + stats);
    }

    @Test
    void gptLearnedPositionsWithPadding() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 2, 2, "double", 0).withData(11, 5, 1);
        ComputationGraph g = TinyModels.noOpGraph(m, true);
        int[][] ids = {{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}, {0, 8, 8, 3, 1}};
        assertGradientsMatch(g, Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0));
    }

    @Test
    void bertWithPaddingSegmentsAndNsp() {
        ModelConfig m = TinyModels.bert(11, 6, 8, 1, 2, true, 0);
        ComputationGraph g = TinyModels.noOpGraph(m, true);
        int[][] ids = {{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}};
        int[][] labels = {{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}};
        int[][] segs = {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}};
        assertGradientsMatch(g, Batches.toMultiDataSet(ids, labels, segs, new int[]{1, 0}, m, null, 1, 0));
    }

    @Test
    void gptWithKeyedDropoutInTrainingMode() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 2, 2, "double", 0.3).withData(11, 5, 1);
        ComputationGraph g = TinyModels.noOpGraph(m, true);
        int[][] ids = {{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}, {0, 8, 8, 3, 1}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
        KeyedDropout.bind(g, mds);
        double train = g.score(mds, true);
        assertTrue(Math.abs(train - g.score(mds, false)) > 1e-6, "dropout is active in training mode");
        assertTrue(train == g.score(mds, true), "every training-mode pass draws the same masks");
        assertGradientsMatch(g, mds, true);
    }
}
