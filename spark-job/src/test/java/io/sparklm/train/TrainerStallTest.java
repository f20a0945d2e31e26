package io.sparklm.train;

import io.sparklm.fs.HadoopFs;
import io.sparklm.train.run.StallGuard;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training call that hangs: the run gives up with exit code 5 and a thread dump, and a re-run resumes exactly. */
class TrainerStallTest {
    @TempDir
    java.nio.file.Path tmp;

    /** Blocks the training thread at one iteration until released (a hung worker, an unanswered barrier...). */
    static final class HangAt extends BaseTrainingListener {
        final int iteration;
        final CountDownLatch release = new CountDownLatch(1);

        HangAt(int iteration) {
            this.iteration = iteration;
        }

        @Override
        public void iterationDone(Model model, int iter, int epoch) {
            if (iter == iteration) {
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void stalledCallExitsWithDumpAndTheRerunResumesOnTheSameTrajectory() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path a = new Path(tmp.resolve("uninterrupted").toUri());
        Path b = new Path(tmp.resolve("stalled").toUri());
        Map<String, String> keys = new HashMap<>(TrainerLocalTest.localKeys(12));
        keys.put("stall-timeout-seconds", "2");
        assertEquals(ExitCodes.OK, new Trainer(TestModels.setup(keys, 0.1), fs, a, null).run().exitCode());

        // iterations count from 0: the listener fires after the fit of step 9 (index 8), past the step-6 checkpoint
        HangAt hang = new HangAt(8);
        Trainer.Setup normal = TestModels.setup(keys, 0.1);
        Trainer.Setup hanging = new Trainer.Setup(normal.run(), () -> {
            ComputationGraph g = normal.newModel().get();
            g.setListeners(hang);
            return g;
        }, normal.listeners(), normal.loader(), normal.train(), normal.val(), normal.seqLen(), normal.config(),
                normal.tokenizerJson(), normal.evaluator());
        long t0 = System.nanoTime();
        Trainer.Outcome stalled;
        try {
            stalled = new Trainer(hanging, fs, b, null).run();
        } finally {
            hang.release.countDown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitCodes.STALLED, stalled.exitCode(), stalled.toJson());
        assertEquals("stalled", stalled.status());
        assertEquals(8, stalled.step(), "the last completed step");
        assertTrue(seconds < 60, "gave up after the 2 s timeout and its grace, took " + seconds + " s");
        String dump = HadoopFs.readString(fs, new Path(b, "stall-step-00000008.txt"));
        assertTrue(dump.startsWith("the engine call for steps 9..9 made no progress for 2.0 s"), dump);
        assertTrue(dump.contains("\"" + StallGuard.THREAD + "\"") && dump.contains(HangAt.class.getName()), dump);
        assertEquals("step-00000006", HadoopFs.readString(fs, new Path(b, "checkpoints/latest")).strip(),
                "no checkpoint is written from a stalled call");
        assertTrue(!fs.exists(new Path(b, io.sparklm.train.run.RunLock.FILE)), "the run lock is released");

        Trainer.Outcome resumed = new Trainer(normal, fs, b, null).run();
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.toJson());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
    }
}
