package io.sparklm.train;

import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter averaging and gradient sharing on Spark local[2] (one SparkContext for the class). */
class SparkTrainerTest {
    static JavaSparkContext sc;

    @TempDir
    java.nio.file.Path tmp;

    @BeforeAll
    static void start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sparklm-trainer-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static Map<String, String> keys(String trainer, long maxSteps) {
        Map<String, String> m = new HashMap<>();
        m.put("trainer", trainer);
        m.put("workers", "2");
        m.put("batch-size-per-worker", "4");
        m.put("averaging-frequency", "5");
        m.put("max-steps", String.valueOf(maxSteps));
        m.put("checkpoint-every-steps", "10");
        m.put("eval-every", "10");
        m.put("log-every", "5");
        m.put("seed", "11");
        m.put("eval-batches", "4");
        return m;
    }

    @Test
    void parameterAveragingLossFallsAndResumeIsDeterministic() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path a = new Path(tmp.resolve("a").toUri());
        Path b = new Path(tmp.resolve("b").toUri());
        Trainer.Outcome oa = new Trainer(TestModels.setup(keys("averaging", 30), 0), fs, a, sc).run();
        assertEquals(ExitCodes.OK, oa.exitCode());
        assertTrue(oa.valLoss() < oa.initialValLoss() - 0.8, oa.toJson());

        assertThrows(IllegalStateException.class,
                () -> new Trainer(TestModels.setup(keys("averaging", 30), 0), fs, b, sc).crashAfterStep(15).run());
        Trainer.Outcome ob = new Trainer(TestModels.setup(keys("averaging", 30), 0), fs, b, sc).run();
        assertEquals(ExitCodes.OK, ob.exitCode());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
    }

    @Test
    void gradientSharingLossFalls() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path out = new Path(tmp.toUri());
        Map<String, String> k = keys("shared", 30);
        k.put("shared-workers-per-node", "2");
        Trainer.Outcome o = new Trainer(TestModels.setup(k, 0), fs, out, sc).run();
        assertEquals(ExitCodes.OK, o.exitCode());
        assertTrue(o.valLoss() < o.initialValLoss() - 0.15, o.toJson());
    }
}
