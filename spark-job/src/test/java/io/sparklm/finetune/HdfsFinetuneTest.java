package io.sparklm.finetune;

import io.sparklm.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.ExitCodes;
import io.sparklm.fs.HadoopFs;
import io.sparklm.infer.ClassifyRun;
import io.sparklm.model.NativeThreads;
import io.sparklm.testing.MiniHdfs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning entirely on a real HDFS (the shared MiniHdfs fixture): the pre-trained checkpoint, the labelled
 * files, the prepared example files and the run's checkpoints live under hdfs://; a run stopped at step 4 resumes
 * from its HDFS checkpoint to step 8, and classify reads the result from HDFS.
 */
class HdfsFinetuneTest {
    static MiniHdfs hdfs;
    static FileSystem fs;

    @BeforeAll
    static void start() throws Exception {
        NativeThreads.one();
        hdfs = MiniHdfs.start(1);
        fs = hdfs.fs();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void fineTunesResumesAndClassifiesOnHdfs() throws Exception {
        Path ck = FinetuneFixtures.pretrained(fs, hdfs.path("/pre/gpt"), "gpt");
        Path train = FinetuneFixtures.writeJsonl(fs, hdfs.path("/data/train.jsonl"), FinetuneFixtures.texts(64, 1));
        Path val = FinetuneFixtures.writeJsonl(fs, hdfs.path("/data/val.jsonl"), FinetuneFixtures.texts(16, 2));
        Path out = hdfs.path("/runs/spam");
        List<String> a = FinetuneFixtures.args(ck, train, val, out, "eval-every=4", "checkpoint-every-steps=4");
        a.set(a.indexOf("max-steps=24"), "max-steps=4");
        assertEquals(ExitCodes.OK, CliRun.run(new FinetuneCommand(), a.toArray(new String[0])));
        assertEquals("step-00000004", HadoopFs.readString(fs, new Path(out, "checkpoints/latest")).strip());
        a.set(a.indexOf("max-steps=4"), "max-steps=8");
        ByteArrayOutputStream res = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(res, true));
        int code;
        try {
            code = CliRun.run(new FinetuneCommand(), a.toArray(new String[0]));
        } finally {
            System.setOut(old);
        }
        assertEquals(ExitCodes.OK, code);
        JsonNode r = new ObjectMapper().readTree(res.toString().strip());
        assertEquals(8, r.get("step").asLong(), r.toString());
        assertTrue(fs.exists(new Path(out, "checkpoints/step-00000008/params.bin")));
        assertTrue(fs.listStatus(new Path(out, FinetuneData.DIR)).length == 2, "one train and one validation file");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = ClassifyRun.run(new String[] {"--checkpoint", out.toString()},
                new ByteArrayInputStream("{\"text\": \"the good cat\"}\n{\"text\": \"a bad dog\"}\n"
                        .getBytes(StandardCharsets.UTF_8)), new PrintStream(stdout, true), new PrintStream(stderr, true));
        assertEquals(0, rc, stderr.toString());
        assertEquals(2, stdout.toString().strip().split("\n").length, stdout.toString());
    }
}
