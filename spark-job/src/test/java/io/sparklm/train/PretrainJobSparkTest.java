package io.sparklm.train;

import io.sparklm.cli.CliRun;
import io.sparklm.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI with the real transformer (dropout 0.1) under parameter averaging on Spark local[2] (custom layers shipped as
 * JSON); a test that hangs fails after 10 minutes with every thread's stack.
 */
@SparkHangTimeout
class PretrainJobSparkTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void gptTrainsWithParameterAveragingOnLocal2() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = PretrainJobTest.writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path out = new Path(tmp.resolve("run").toUri());
        List<String> a = new ArrayList<>(List.of(PretrainJobTest.args(data, out, "gpt")));
        a.set(a.indexOf("trainer=local"), "trainer=averaging");
        a.add("averaging-frequency=4");
        a.set(a.indexOf("dropout=0"), "dropout=0.1"); // KeyedDropout in SequenceDropoutLayers, shipped as JSON
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sparklm-pretrain-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf))) {
            int[] code = new int[1];
            String stdout = PretrainJobTest.captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(sc), a.toArray(new String[0])));
            assertEquals(ExitCodes.OK, code[0], stdout);
            JsonNode res = new ObjectMapper().readTree(stdout.strip());
            assertEquals(24, res.get("step").asLong());
            assertTrue(res.get("val_loss").asDouble() < res.get("initial_val_loss").asDouble() - 0.05, stdout);
        }
    }
}
