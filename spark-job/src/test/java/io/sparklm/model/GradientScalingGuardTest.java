package io.sparklm.model;

import io.sparklm.batch.Batches;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guards the DL4J 1.0.0-M2.1 SameDiffLayer gradient bug that the one layer still executed by SameDiff (BERT's NSP
 * pooler, {@code ClsPoolLayer}) corrects: WITHOUT the correction it gets exactly 2x its true gradient, while the
 * layers computed directly (blocks, LayerNorms, positions: {@code RowsRuntime}, {@code PositionRuntime}; the LM
 * head: {@code LmHeadRuntime}) are exact either way. If an upgrade fixes DL4J this test fails: then remove the
 * correction in {@code SdTransformerLayer.Runtime} (the gradient-check tests would otherwise fail with 0.5x).
 */
@ExtendWith(DoublePrecision.class)
class GradientScalingGuardTest {
    @Test
    void uncorrectedSameDiffLayersReturnTwiceTheGradientDirectRuntimesAreExact() {
        ModelConfig m = TinyModels.bert(11, 6, 8, 1, 2, true, 0);
        ComputationGraph g = TinyModels.noOpGraph(m, false);
        int[][] ids = {{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}};
        int[][] labels = {{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}};
        int[][] segs = {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}};
        Map<String, GradCheck.Stat> s = GradCheck.run(g,
                Batches.toMultiDataSet(ids, labels, segs, new int[]{1, 0}, m, null, 1, 0), 3, 1e-6);
        assertEquals(1.0, s.get("lm_b").medianRatio(), 1e-4, "LM head (direct runtime): " + s);
        assertEquals(1.0, s.get("nsp_W").medianRatio(), 1e-4, "NSP output layer (DL4J OutputLayer): " + s);
        assertEquals(2.0, s.get("pool_W").medianRatio(), 1e-4, "NSP pooler (uncorrected SameDiff layer): " + s);
        assertEquals(2.0, s.get("pool_b").medianRatio(), 1e-4, "NSP pooler (uncorrected SameDiff layer): " + s);
    }
}
