package io.sparklm.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guards the DL4J 1.0.0-M2.1 SameDiffLayer gradient bug that our layers correct: WITHOUT the correction the
 * last SameDiffLayer (final LayerNorm) gets exactly 2x its true gradient and the one below it 4x, while the
 * SameDiffOutputLayer (the LM head, {@code LmHeadLayer}, which has no correction) is exact. If an upgrade fixes DL4J this test fails: then remove the correction in
 * {@code SdTransformerLayer.Runtime} (the gradient-check tests would otherwise fail with 0.5x).
 */
@ExtendWith(DoublePrecision.class)
class GradientScalingGuardTest {
    @Test
    void uncorrectedSameDiffLayersReturnTwiceTheGradient() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0);
        ComputationGraph g = TinyModels.noOpGraph(m, false);
        int[][] ids = {{3, 4, 5, 6, 7}, {9, 2, 10, 1, 1}};
        Map<String, GradCheck.Stat> s = GradCheck.run(g, Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0),
                3, 1e-6);
        assertEquals(1.0, s.get("lm_b").medianRatio(), 1e-4, "SameDiff output layer (LM head): " + s);
        assertEquals(2.0, s.get("lnf_lnG").medianRatio(), 1e-4, "final LN (1 SameDiff layer): " + s);
        assertEquals(2.0, s.get("lnf_lnB").medianRatio(), 1e-4, "final LN (1 SameDiff layer): " + s);
        assertEquals(4.0, s.get("mlp0_b2").medianRatio(), 1e-4, "MLP below it (2 SameDiff layers): " + s);
    }
}
