package io.sparklm.train.run;

import io.sparklm.eval.EvalResult;
import io.sparklm.train.TestModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What stops a run that does not learn: non-finite losses, parameters unchanged since the last check. */
class LearningGuardTest {
    @Test
    void nonFiniteLossesStopAndNameTheStep() {
        LearningGuard g = new LearningGuard(true);
        assertNull(g.afterFit(3.2, 10));
        assertEquals(LearningGuard.STATUS, g.afterFit(Double.NaN, 11));
        assertTrue(g.reason().contains("NaN at step 11"), g.reason());
        assertNull(new LearningGuard(false).afterFit(Double.NaN, 11), "NaN means 'unknown' without a fit loss");
        ComputationGraph m = TestModels.tiny(1, 8, 0);
        LearningGuard v = new LearningGuard(true);
        assertEquals(LearningGuard.STATUS, v.afterValidation(new EvalResult(Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NaN, 10), m, 5));
        assertTrue(v.reason().contains("validation loss is Infinity at step 5"), v.reason());
    }

    @Test
    void unchangedParametersStopChangedOnesGoOn() {
        ComputationGraph m = TestModels.tiny(1, 8, 0);
        LearningGuard g = new LearningGuard(true);
        g.start(m, 0);
        m.params().addi(1e-3);
        assertNull(g.beforeCheckpoint(m, 5));
        assertNull(g.beforeCheckpoint(m, 5), "the same step again is not a new check");
        assertEquals(LearningGuard.STATUS, g.beforeCheckpoint(m, 10));
        assertTrue(g.reason().contains("did not change from step 5 to step 10"), g.reason());
    }
}
