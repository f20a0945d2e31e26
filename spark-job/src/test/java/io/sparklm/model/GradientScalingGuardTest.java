package io.sparklm.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guards the DL4J 1.0.0-M2.1 SameDiffLayer gradient bug that the layers still executed by SameDiff (positions,
 * NSP pooler) correct: WITHOUT the correction such a layer (the position layer) gets exactly 2x its true gradient
 * and the embedding below it too, while the blocks and the final LayerNorm, computed directly on rows
 * ({@code RowsRuntime}), and the LM head ({@code LmHeadRuntime}) are exact either way. If an upgrade fixes DL4J
 * this test fails: then remove the correction in {@code SdTransformerLayer.Runtime} (the gradient-check tests
 * would otherwise fail with 0.5x).
 */
@ExtendWith(DoublePrecision.class)
class GradientScalingGuardTest {
    @Test
    void uncorrectedSameDiffLayersReturnTwiceTheGradientDirectRuntimesAreExact() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0);
        ComputationGraph g = TinyModels.noOpGraph(m, false);
        int[][] ids = {{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}};
        Map<String, GradCheck.Stat> s = GradCheck.run(g, Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0),
                3, 1e-6);
        assertEquals(1.0, s.get("lm_b").medianRatio(), 1e-4, "LM head (direct runtime): " + s);
        assertEquals(1.0, s.get("lnf_lnG").medianRatio(), 1e-4, "final LN (direct runtime): " + s);
        assertEquals(1.0, s.get("mlp0_b2").medianRatio(), 1e-4, "MLP (direct runtime): " + s);
        assertEquals(1.0, s.get("attn0_Wqkv").medianRatio(), 1e-4, "attention (direct runtime): " + s);
        assertEquals(2.0, s.get("pos_pos").medianRatio(), 1e-4, "positions (uncorrected SameDiff layer): " + s);
        assertEquals(2.0, s.get("tokEmb_W").medianRatio(), 1e-4, "embedding below it: " + s);
    }
}
