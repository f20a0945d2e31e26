package io.sparklm.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainStateTest {
    @Test
    void roundTripsAndReadsCheckpointsWrittenBeforeTheAccuracyField() throws Exception {
        TrainState s = new TrainState(TrainState.FORMAT_VERSION, 24, 6144, 1, 0, 8, 48, 5, 24, 2.5, 2.4, 12, 3.7,
                "abc", 0.625);
        assertEquals(s, TrainState.fromJson(s.toJson()));
        TrainState gpt = TrainState.fresh(5, "abc");
        assertTrue(gpt.toJson().contains("\"lastValMlmAcc\" : null"), "not measured is JSON null: " + gpt.toJson());
        assertTrue(!gpt.toJson().contains("NaN"), gpt.toJson());
        assertTrue(Double.isNaN(TrainState.fromJson(gpt.toJson()).lastValMlmAcc()));
        assertTrue(Double.isNaN(TrainState.fromJson(gpt.toJson()).bestValLoss()));
        String old = s.toJson().replaceAll(",\\s*\"lastValMlmAcc\"\\s*:\\s*0.625", "");
        assertTrue(!old.contains("lastValMlmAcc"), old);
        TrainState read = TrainState.fromJson(old);
        assertTrue(Double.isNaN(read.lastValMlmAcc()), "absent = not measured");
        assertEquals(2.5, read.lastValLoss(), 0.0);
        assertEquals(24, read.step());
    }
}
