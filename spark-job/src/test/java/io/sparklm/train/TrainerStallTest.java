package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.run.StallGuard;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training call that hangs: the run gives up with exit code 5 and a thread dump, and a re-run resumes exactly. */
class TrainerStallTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void stalledCallExitsWithDumpAndTheRerunResumesOnTheSameTrajectory() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path a = new Path(tmp.resolve("uninterrupted").toUri());
        Path b = new Path(tmp.resolve("stalled").toUri());
        Map<String, String> keys = new HashMap<>(TrainerLocalTest.localKeys(12));
        keys.put("stall-timeout-seconds", "2");
        assertEquals(ExitCodes.OK, new Trainer(TestModels.setup(keys, 0.1), fs, a, null).run().exitCode());

        // 2 blocks per step: minibatch 16 is the first of step 9, past the step-6 checkpoint; its read hangs
        Trainer.Setup normal = TestModels.setup(keys, 0.1);
        Trainer.Setup hanging = TestModels.setup(keys, 0.1,
                TestModels.faults().at(16, TestModels.HookedLoader.Fault.HANG));
        long t0 = System.nanoTime();
        Outcome stalled;
        try {
            stalled = new Trainer(hanging, fs, b, null).run();
        } finally {
            TestModels.HookedLoader.release();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitCodes.STALLED, stalled.exitCode(), stalled.toJson());
        assertEquals("stalled", stalled.status());
        assertEquals(8, stalled.step(), "the last completed step");
        assertTrue(seconds < 60, "gave up after the 2 s timeout and its grace, took " + seconds + " s");
        String dump = HadoopFs.readString(fs, new Path(b, "stall-step-00000008.txt"));
        assertTrue(dump.startsWith("the engine call for steps 9..9 made no progress for 2.0 s"), dump);
        assertTrue(dump.contains("\"" + StallGuard.THREAD + "\"") && dump.contains("HookedLoader.load"), dump);
        assertEquals("step-00000006", HadoopFs.readString(fs, new Path(b, "checkpoints/latest")).strip(),
                "no checkpoint is written from a stalled call");
        assertTrue(!fs.exists(new Path(b, io.sparklm.train.run.RunLock.FILE)), "the run lock is released");

        Outcome resumed = new Trainer(normal, fs, b, null).run();
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.toJson());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
    }
}
