package io.sparklm.finetune;

import io.sparklm.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.ExitCodes;
import io.sparklm.train.SparkHangTimeout;
import io.sparklm.train.TrainerLocalTest;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning under parameter averaging and synchronous data parallelism on Spark local[2]: the classifier graph
 * (pooling layer, keyed head dropout, the head's scaled learning-rate schedule) travels to the workers as JSON and
 * learns there.
 */
@SparkHangTimeout
class FinetuneSparkTest {
    @TempDir
    java.nio.file.Path tmp;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"averaging", "sync"})
    void fineTunesOnLocal2(String trainer) throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path ck = FinetuneFixtures.pretrained(fs, new Path(tmp.resolve("pre").toUri()), "gpt");
        Path train = FinetuneFixtures.writeJsonl(fs, new Path(tmp.resolve("t.jsonl").toUri()),
                FinetuneFixtures.texts(192, 1));
        Path val = FinetuneFixtures.writeJsonl(fs, new Path(tmp.resolve("v.jsonl").toUri()),
                FinetuneFixtures.texts(48, 2));
        List<String> a = FinetuneFixtures.args(ck, train, val, new Path(tmp.resolve("run").toUri()),
                "averaging-frequency=4");
        a.set(a.indexOf("trainer=local"), "trainer=" + trainer);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sparklm-finetune-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf))) {
            PrintStream old = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buf, true));
            int code;
            try {
                code = CliRun.run(new FinetuneCommand(sc), a.toArray(new String[0]));
            } finally {
                System.setOut(old);
            }
            assertEquals(ExitCodes.OK, code, buf.toString());
            JsonNode r = new ObjectMapper().readTree(buf.toString().strip());
            assertEquals(24, r.get("step").asLong());
            assertTrue(r.get("val_loss").asDouble() < r.get("initial_val_loss").asDouble() - 0.1, r.toString());
            assertTrue(r.get("val_acc").asDouble() > 0.7, r.toString());
        }
    }
}
