package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.report.RunReport;
import io.sparklm.train.checkpoint.CheckpointStore;
import io.sparklm.train.run.Preemption;
import io.sparklm.train.run.RunLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trainer=local end to end on file://: falling loss, crash + resume reproducibility, SIGTERM, lock, budget. */
public class TrainerLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path tmp;

    @AfterEach
    void clearPreemption() {
        Preemption.reset();
    }

    public static Map<String, String> localKeys(long maxSteps) {
        return Map.of("trainer", "local", "workers", "2", "batch-size-per-worker", "4", "max-steps",
                String.valueOf(maxSteps), "checkpoint-every-steps", "6", "eval-every", "6", "log-every", "1",
                "seed", "3", "keep-checkpoints", "2", "eval-batches", "4");
    }

    public static FileSystem fs() throws IOException {
        return FileSystem.getLocal(new Configuration()).getRawFileSystem();
    }

    /** step -> "loss" or "val_loss" values of metrics.jsonl, keyed "t<step>" / "v<step>". */
    public static Map<String, Double> losses(FileSystem fs, Path out) throws IOException {
        Map<String, Double> m = new TreeMap<>();
        for (String line : HadoopFs.readString(fs, new Path(out, "metrics.jsonl")).split("\n")) {
            JsonNode n = JSON.readTree(line);
            if (n.has("loss")) {
                m.put("t" + n.get("step").asLong(), n.get("loss").asDouble());
            } else {
                m.put("v" + n.get("step").asLong(), n.get("val_loss").asDouble());
            }
        }
        return m;
    }

    public static void assertSameTrajectory(Map<String, Double> a, Map<String, Double> b, double tol) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertEquals(a.get(k), b.get(k), tol, "metric " + k);
        }
    }

    @Test
    void lossFallsAndKilledRunResumesOnTheSameTrajectory() throws Exception {
        FileSystem fs = fs();
        Path a = new Path(tmp.resolve("a").toUri());
        Path b = new Path(tmp.resolve("b").toUri());
        Outcome oa = new Trainer(TestModels.setup(localKeys(24), 0.1), fs, a, null).run();
        assertEquals(ExitCodes.OK, oa.exitCode());
        assertEquals(24, oa.step());
        assertEquals(Math.log(TestModels.VOCAB), oa.initialValLoss(), 0.2, "untrained loss is about ln(V)");
        assertTrue(oa.valLoss() < oa.initialValLoss() - 1.0, oa.toJson());

        // localKeys: 2 blocks per step, so minibatch 30 is the first of step 16: the run dies after step 15
        Trainer crashing = new Trainer(TestModels.setup(localKeys(24), 0.1,
                TestModels.faults().at(30, TestModels.HookedLoader.Fault.CRASH)), fs, b, null);
        assertThrows(IllegalStateException.class, crashing::run);
        assertTrue(losses(fs, b).containsKey("t15"), "the killed run wrote metrics past its checkpoint");
        Outcome ob = new Trainer(TestModels.setup(localKeys(24), 0.1), fs, b, null).run();
        assertEquals(ExitCodes.OK, ob.exitCode());
        assertSameTrajectory(losses(fs, a), losses(fs, b), 1e-6);
        assertEquals(oa.valLoss(), ob.valLoss(), 1e-6);
        assertEquals("step-00000024",
                HadoopFs.readString(fs, new Path(b, "checkpoints/latest")).strip());
        assertTrue(fs.exists(new Path(b, RunReport.HTML)));
        assertTrue(fs.exists(new Path(b, RunReport.PNG)));
        assertTrue(fs.exists(new Path(b, "config.json")));
        assertTrue(fs.exists(new Path(CheckpointResolver.resolve(fs, b), "tokenizer.json")));
    }

    @Test
    void sigtermFinishesTheStepCheckpointsAndExits143ThenResumes() throws Exception {
        FileSystem fs = fs();
        Path out = new Path(tmp.toUri());
        // SIGTERM while step 5 (minibatches 8, 9) loads: the step finishes, is checkpointed, the run exits 143
        Trainer t = new Trainer(TestModels.setup(localKeys(30), 0,
                TestModels.faults().at(8, TestModels.HookedLoader.Fault.SIGTERM)), fs, out, null);
        Outcome o = t.run();
        assertEquals(ExitCodes.PREEMPTED, o.exitCode());
        assertEquals(5, o.step());
        assertEquals("step-00000005", HadoopFs.readString(fs, new Path(out, "checkpoints/latest")).strip());
        assertTrue(!fs.exists(new Path(out, RunLock.FILE)), "lock released");
        Preemption.reset();
        Outcome r = new Trainer(TestModels.setup(localKeys(12), 0), fs, out, null).run();
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals(12, r.step());
    }

    @Test
    void lockedOutputAndEmptyBudgetHaveDistinctExitCodes() throws Exception {
        FileSystem fs = fs();
        Path out = new Path(tmp.toUri());
        try (RunLock other = RunLock.acquire(fs, out, 60_000)) {
            assertEquals(ExitCodes.LOCKED,
                    new Trainer(TestModels.setup(localKeys(6), 0), fs, out, null).run().exitCode());
        }
        Map<String, String> keys = new java.util.HashMap<>(localKeys(6));
        keys.put("max-minutes", "0.000001");
        Outcome o = new Trainer(TestModels.setup(keys, 0), fs, out, null).run();
        assertEquals(ExitCodes.NO_PROGRESS, o.exitCode());
        assertEquals(0, o.step());
    }

    @Test
    void aModelThatDoesNotChangeStopsTheRunWithExit6AndNoCheckpoint() throws Exception {
        FileSystem fs = fs();
        Path out = new Path(tmp.toUri());
        Trainer.Setup s = TestModels.setup(localKeys(24), 0);
        Trainer.Setup frozen = new Trainer.Setup(s.run(), () -> TestModels.frozen(3, 16), s.listeners(), s.loader(),
                s.train(), s.val(), s.seqLen(), s.config(), s.tokenizerJson(), s.evaluator(), s.optim(),
                s.baseline());
        Outcome o = new Trainer(frozen, fs, out, null).run();
        assertEquals(ExitCodes.NOT_LEARNING, o.exitCode(), o.toJson());
        assertEquals("not-learning", o.status());
        assertEquals(6, o.step(), "stopped at the first validation after step 0");
        assertTrue(!fs.exists(new Path(out, "checkpoints")) || CheckpointStore.list(fs, out).isEmpty(),
                "no checkpoint of a model that does not learn");
    }

    @Test
    void timeBudgetAndTimedCheckpointsStopCleanlyWithProgress() throws Exception {
        FileSystem fs = fs();
        Path out = new Path(tmp.toUri());
        Map<String, String> keys = new java.util.HashMap<>(localKeys(1000));
        keys.put("max-minutes", "0.2"); // 12 s from the start of the run
        keys.put("checkpoint-every-steps", "0");
        keys.put("checkpoint-every-minutes", "0.02"); // 1.2 s
        // step 2 (minibatches 2, 3) takes 1.3 s more: a timed checkpoint follows it; step 3 (minibatches 4, 5) runs
        // past the 12 s budget, so the run stops after it
        Outcome o = new Trainer(TestModels.setup(keys, 0, TestModels.faults()
                .at(2, TestModels.HookedLoader.Fault.SLEEP, 1300)
                .at(4, TestModels.HookedLoader.Fault.SLEEP, 12_500)), fs, out, null).run();
        assertEquals(ExitCodes.OK, o.exitCode());
        assertEquals("budget", o.status());
        assertEquals(3, o.step(), o.toJson());
        // a timed checkpoint at step 2 (after the 1.3 s pause), and the final one at the stopping step
        assertTrue(fs.exists(new Path(out, "checkpoints/step-00000002")));
        assertEquals("step-00000003", HadoopFs.readString(fs, new Path(out, "checkpoints/latest")).strip());
        assertTrue(losses(fs, out).containsKey("v3"), "validation measured when the budget ends");
        assertTrue(Double.isFinite(o.valLoss()) && o.valLoss() < o.initialValLoss(), o.toJson());
    }
}
