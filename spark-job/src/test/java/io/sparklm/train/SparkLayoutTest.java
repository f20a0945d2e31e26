package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter averaging with 2 workers and dropout on local[1] (the two partitions fitted one after the other by one
 * task thread) and on local[2] (concurrently): the trajectory must not depend on where or when a partition runs.
 */
@SparkHangTimeout
class SparkLayoutTest {
    @TempDir
    java.nio.file.Path tmp;

    static Map<String, Double> run(String master, Path out) throws Exception {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("sparklm-layout-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        FileSystem fs = TrainerLocalTest.fs();
        try (JavaSparkContext sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf))) {
            Outcome o = new Trainer(TestModels.setup(SparkTrainerTest.keys("averaging", 10),
                    SparkTrainerTest.DROPOUT), fs, out, () -> sc).run();
            assertEquals(ExitCodes.OK, o.exitCode());
        }
        return TrainerLocalTest.losses(fs, out);
    }

    @Test
    void oneOrTwoTaskSlotsGiveTheSameTrajectory() throws Exception {
        Map<String, Double> one = run("local[1]", new Path(tmp.resolve("one").toUri()));
        Map<String, Double> two = run("local[2]", new Path(tmp.resolve("two").toUri()));
        System.out.printf("averaging, 2 workers, local[1] vs local[2]: max |loss diff| %.3g over %d metrics%n",
                SparkTrainerTest.maxAbsDiff(one, two), one.size());
        TrainerLocalTest.assertSameTrajectory(one, two, 1e-6);
    }
}
