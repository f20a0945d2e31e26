package io.sparklm.train.sync;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import io.sparklm.cli.ExitCodes;
import io.sparklm.train.Outcome;
import io.sparklm.train.SparkHangTimeout;
import io.sparklm.train.SparkTrainerTest;
import io.sparklm.train.TestModels;
import io.sparklm.train.Trainer;
import io.sparklm.train.TrainerLocalTest;
import io.sparklm.train.engine.LocalEngine;
import io.sparklm.train.engine.StepEngine;
import io.sparklm.train.engine.TrainLossTest;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trainer=sync} on Spark local[2]: N workers with B/N sequences each take the single-process step on the
 * global batch of B (same parameters within float rounding, N = 1, 2, 4, and with gradient accumulation); replicas
 * lost on an executor are rebuilt from the step's snapshot and corrupted ones overwritten by it, without changing
 * the trajectory; a killed run resumes on the same trajectory.
 */
@SparkHangTimeout
class SyncEngineTest {
    static JavaSparkContext sc;
    static final long SEED = 9;

    @TempDir
    java.nio.file.Path tmp;

    @BeforeAll
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    static void start() {
        sc = new JavaSparkContext(TrainingMasters.withAeronOptions(new SparkConf().setMaster("local[2]")
                .setAppName("sparklm-sync-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")));
    }

    @AfterAll
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** The transformer of TrainLossTest without dropout, weight decay 0.1 and a clipping bound. */
    static ComputationGraph model() {
        Map<String, String> k = new HashMap<>(TrainLossTest.keys(0.1));
        k.put("grad-clip", "0.5");
        return TransformerModel.build(ModelConfig.from(ConfigMap.of(k), 64, 16, -1), OptimConfig.from(ConfigMap.of(k)));
    }

    static BlockPlan plan(int blockSize) {
        List<BlockPlan.Shard> s = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            s.add(new BlockPlan.Shard("mem://shard-" + i, 64));
        }
        return new BlockPlan(s, blockSize, SEED);
    }

    /** Runs {@code steps} steps of {@code e} over the plan, {@code perStep} blocks a step; returns the losses. */
    static double[] train(StepEngine e, BlockPlan plan, int perStep, int steps) {
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            List<Block> blocks = new ArrayList<>();
            for (long g = (long) s * perStep; g < (long) (s + 1) * perStep; g++) {
                blocks.add(plan.block(g));
            }
            losses[s] = e.fit(blocks, s, 1);
        }
        return losses;
    }

    static double relativeDiff(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
    }

    static void assertSameStep(double[] lossesA, ComputationGraph a, double[] lossesB, ComputationGraph b) {
        for (int i = 0; i < lossesA.length; i++) {
            assertEquals(lossesA[i], lossesB[i], 1e-5 * lossesA[i], "loss of step " + (i + 1));
        }
        double diff = relativeDiff(a.params(), b.params());
        assertTrue(diff < 1e-5, "relative parameter difference " + diff);
        assertTrue(relativeDiff(a.params(), model().params()) > 1e-3, "the model trained");
    }

    @Test
    void nWorkersTakeTheSingleProcessStepOnTheGlobalBatch() {
        BatchLoader loader = new TrainLossTest.Loader();
        for (int n : new int[] {1, 2, 4}) {
            BlockPlan plan = plan(8 / n); // the same 8 sequences per step, split over n workers
            ComputationGraph one = model();
            double[] expected = train(new LocalEngine(one, loader, n, 1, SEED, 0.5), plan, n, 5);
            ComputationGraph master = model();
            try (SyncEngine e = new SyncEngine(sc, master, loader, n, 1, SEED, 0.5)) {
                double[] got = train(e, plan, n, 5);
                assertSameStep(expected, one, got, master);
                SyncEngine.StepStats st = e.lastStats();
                assertEquals(4L * master.numParams() * n, st.bytesUp());
                assertEquals(4L * master.numParams(), st.bytesDown());
            }
        }
    }

    @Test
    void accumulatedMicroBatchesOnTwoWorkersEqualOneBatchOfFour() {
        BatchLoader loader = new TrainLossTest.Loader();
        BlockPlan plan = plan(2);
        ComputationGraph one = model();
        double[] expected = train(new LocalEngine(one, loader, 4, 1, SEED, 0.5), plan, 4, 4);
        ComputationGraph master = model();
        try (SyncEngine e = new SyncEngine(sc, master, loader, 2, 2, SEED, 0.5)) {
            assertSameStep(expected, one, train(e, plan, 4, 4), master);
        }
        ComputationGraph local = model();
        assertSameStep(expected, one, train(new LocalEngine(local, loader, 2, 2, SEED, 0.5), plan, 4, 4), local);
    }

    @Test
    void lostReplicasAreRebuiltAndCorruptedOnesOverwrittenWithoutChangingTheTrajectory() throws Exception {
        BatchLoader loader = new TrainLossTest.Loader();
        BlockPlan plan = plan(4);
        ComputationGraph one = model();
        double[] expected = train(new LocalEngine(one, loader, 2, 1, SEED, 0.5), plan, 2, 6);
        ComputationGraph master = model();
        try (SyncEngine e = new SyncEngine(sc, master, loader, 2, 1, SEED, 0.5)) {
            java.lang.reflect.Field f = SyncEngine.class.getDeclaredField("runId");
            f.setAccessible(true);
            String run = (String) f.get(e);
            double[] got = new double[6];
            for (int s = 0; s < 6; s++) {
                if (s == 2) { // an executor lost its replicas (restart, or a task moved to a new executor)
                    Replicas.drop(run);
                }
                if (s == 4) { // one replica's parameters differ from the driver's (e.g. another native build)
                    Replicas.Replica r = Replicas.take(run, s);
                    r.net.params().muli(1.0001);
                    Replicas.release(run, r);
                }
                List<Block> blocks = List.of(plan.block(2L * s), plan.block(2L * s + 1));
                got[s] = e.fit(blocks, s, 1);
                if (s == 0 || s == 2) {
                    assertTrue(e.lastStats().rebuiltReplicas() >= 1, "step " + (s + 1) + " rebuilt a replica");
                } else {
                    assertEquals(0, e.lastStats().rebuiltReplicas(), "step " + (s + 1) + " reused the replicas");
                }
            }
            assertSameStep(expected, one, got, master);
        }
    }

    @Test
    void syncRunLearnsAndAKilledRunResumesOnTheSameTrajectory() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path a = new Path(tmp.resolve("a").toUri());
        Path b = new Path(tmp.resolve("b").toUri());
        Map<String, String> k = SparkTrainerTest.keys("sync", 20);
        Outcome oa = new Trainer(TestModels.setup(k, SparkTrainerTest.DROPOUT), fs, a, () -> sc).run();
        assertEquals(ExitCodes.OK, oa.exitCode(), oa.toJson());
        assertTrue(oa.valLoss() < oa.initialValLoss() - 0.8, oa.toJson());
        // minibatch 26 is worker 0's block of step 14, read in an executor task: the job fails after step 13
        assertThrows(Exception.class, () -> new Trainer(TestModels.setup(k, SparkTrainerTest.DROPOUT,
                TestModels.faults().at(26, TestModels.HookedLoader.Fault.CRASH)), fs, b, () -> sc).run());
        Outcome ob = new Trainer(TestModels.setup(k, SparkTrainerTest.DROPOUT), fs, b, () -> sc).run();
        assertEquals(ExitCodes.OK, ob.exitCode(), ob.toJson());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
    }
}
