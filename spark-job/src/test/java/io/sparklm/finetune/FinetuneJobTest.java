package io.sparklm.finetune;

import io.sparklm.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.ExitCodes;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.TestModels;
import io.sparklm.train.Trainer;
import io.sparklm.train.TrainerLocalTest;
import io.sparklm.train.run.Preemption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fine-tuning CLI end to end with trainer=local on the synthetic keyword task: a gpt checkpoint fine-tuned
 * with last-token pooling learns it, a run killed between checkpoints resumes on exactly the same trajectory, and
 * bad input fails with the documented exit codes.
 */
class FinetuneJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static java.nio.file.Path shared;
    static FileSystem fs;
    static Path ck;
    static Path train;
    static Path val;
    static Path runA;
    static JsonNode resultA;

    @TempDir
    java.nio.file.Path tmp;

    @BeforeAll
    static void fineTuneOnce() throws Exception {
        fs = TrainerLocalTest.fs();
        ck = FinetuneFixtures.pretrained(fs, new Path(shared.resolve("pre").toUri()), "gpt");
        train = FinetuneFixtures.writeJsonl(fs, new Path(shared.resolve("train.jsonl").toUri()),
                FinetuneFixtures.texts(192, 1));
        val = FinetuneFixtures.writeJsonl(fs, new Path(shared.resolve("val.jsonl").toUri()),
                FinetuneFixtures.texts(48, 2));
        runA = new Path(shared.resolve("a").toUri());
        CliRun.Result r = CliRun.capture(new FinetuneCommand(), args(runA));
        assertEquals(ExitCodes.OK, r.code(), r.err());
        resultA = JSON.readTree(r.out().strip());
    }

    @AfterEach
    void reset() {
        Preemption.reset();
    }

    static String[] args(Path out, String... extra) {
        return FinetuneFixtures.args(ck, train, val, out, extra).toArray(new String[0]);
    }

    @Test
    void gptLearnsTheKeywordTaskAndReportsClassificationMetrics() throws Exception {
        assertEquals(24, resultA.get("step").asLong(), resultA.toString());
        assertEquals(List.of("neg", "pos"), List.of(resultA.get("labels").get(0).asText(),
                resultA.get("labels").get(1).asText()));
        assertTrue(resultA.get("val_loss").asDouble() < resultA.get("initial_val_loss").asDouble() - 0.2,
                resultA.toString());
        assertTrue(resultA.get("val_acc").asDouble() >= 0.8, "well above the 0.5 of chance: " + resultA);
        assertTrue(resultA.get("val_macro_f1").asDouble() >= 0.75, resultA.toString());
        JsonNode last = null;
        for (String line : HadoopFs.readString(fs, new Path(runA, "metrics.jsonl")).split("\n")) {
            JsonNode n = JSON.readTree(line);
            last = n.has("val_acc") ? n : last;
        }
        assertEquals(24, last.get("step").asLong());
        JsonNode m = last.get("val_confusion").get("matrix");
        long total = 0;
        long right = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                total += m.get(i).get(j).asLong();
                right += i == j ? m.get(i).get(j).asLong() : 0;
            }
        }
        assertEquals(48, total, "every validation example, once");
        assertEquals(last.get("val_acc").asDouble(), (double) right / total, 1e-12);
        assertEquals(24, last.get("val_classes").get("pos").get("support").asLong());
        JsonNode config = JSON.readTree(HadoopFs.readString(fs, new Path(runA, "checkpoints/step-00000024/config.json")));
        assertEquals("last", config.get("pooling").asText());
        assertEquals("[\"neg\",\"pos\"]", config.get("labels").toString());
    }

    @Test
    void aKilledRunResumesOnTheSameTrajectory() throws Exception {
        Path b = new Path(tmp.resolve("b").toUri());
        // 2 blocks per step: minibatch 38 is the first of step 20, so the run dies after step 19 (checkpoint 16)
        FinetuneSetup f = FinetuneSetup.from(io.sparklm.config.ConfigLoader.parse(args(b)).config(), new Configuration());
        Trainer.Setup s = f.setup();
        Trainer.Setup crashing = new Trainer.Setup(s.run(), s.newModel(), s.listeners(),
                new TestModels.HookedLoader(s.loader()).at(38, TestModels.HookedLoader.Fault.CRASH), s.train(), s.val(),
                s.seqLen(), s.config(), s.tokenizerJson(), s.evaluator(), s.optim(), null);
        assertThrows(IllegalStateException.class, () -> new Trainer(crashing, fs, b, null).run());
        assertTrue(HadoopFs.readString(fs, new Path(b, "metrics.jsonl")).contains("\"step\":18,"),
                "the killed run logged past its last checkpoint");
        CliRun.Result run = CliRun.capture(new FinetuneCommand(), args(b));
        assertEquals(ExitCodes.OK, run.code(), run.err());
        String out = run.out();
        assertSameMetrics(HadoopFs.readString(fs, new Path(runA, "metrics.jsonl")),
                HadoopFs.readString(fs, new Path(b, "metrics.jsonl")));
        JsonNode r = JSON.readTree(out.strip());
        assertEquals(resultA.get("val_acc").asDouble(), r.get("val_acc").asDouble(), 0);
        assertEquals(resultA.get("val_loss").asDouble(), r.get("val_loss").asDouble(), 1e-6);
    }

    /** Every line equal, numbers within 1e-6, except the machine-dependent tokens_per_s. */
    static void assertSameMetrics(String a, String b) throws Exception {
        String[] la = a.strip().split("\n");
        String[] lb = b.strip().split("\n");
        assertEquals(la.length, lb.length, "metrics lines:\n" + a + "\nvs\n" + b);
        for (int i = 0; i < la.length; i++) {
            assertSame(JSON.readTree(la[i]), JSON.readTree(lb[i]), "line " + (i + 1) + ": " + la[i] + " vs " + lb[i]);
        }
    }

    private static void assertSame(JsonNode x, JsonNode y, String where) {
        if (x.isNumber() && y.isNumber()) {
            assertEquals(x.asDouble(), y.asDouble(), 1e-6, where);
        } else if (x.isContainerNode()) {
            assertEquals(x.size(), y.size(), where);
            for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("tokens_per_s")) {
                    assertSame(x.get(k), y.get(k) == null ? JSON.nullNode() : y.get(k), where + " at " + k);
                }
            }
            for (int i = 0; x.isArray() && i < x.size(); i++) {
                assertSame(x.get(i), y.get(i), where + " [" + i + "]");
            }
        } else {
            assertEquals(x, y, where);
        }
    }

    @Test
    void classifyPrintsOneLinePerInputWithTheLabelAndItsProbabilities() throws Exception {
        List<LabelledText> texts = FinetuneFixtures.texts(20, 7);
        StringBuilder in = new StringBuilder();
        for (LabelledText t : texts) {
            in.append("{\"text\": ").append(JSON.writeValueAsString(t.text())).append("}\n\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = io.sparklm.infer.ClassifyRun.run(new String[] {"--checkpoint", runA.toString(),
                "--batch-size", "6"}, new java.io.ByteArrayInputStream(in.toString().getBytes()), new PrintStream(out),
                new PrintStream(err));
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(texts.size(), lines.length, "one line per input, blank lines skipped");
        int right = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonNode n = JSON.readTree(lines[i]);
            double neg = n.get("probabilities").get("neg").asDouble();
            double pos = n.get("probabilities").get("pos").asDouble();
            assertEquals(1.0, neg + pos, 1e-5, lines[i]);
            assertEquals(pos > neg ? "pos" : "neg", n.get("label").asText(), lines[i]);
            right += n.get("label").asText().equals(texts.get(i).label()) ? 1 : 0;
        }
        assertTrue(right >= 16, right + " of 20 right");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, io.sparklm.infer.ClassifyRun.run(new String[] {"--checkpoint", ck.toString()},
                new java.io.ByteArrayInputStream("{\"text\": \"a\"}\n".getBytes()), new PrintStream(out),
                new PrintStream(err2)), "a language model is no classifier");
        assertTrue(err2.toString().contains("not a classifier"), err2.toString());
        assertEquals(ExitCodes.BAD_DATA, io.sparklm.infer.ClassifyRun.run(new String[] {"--checkpoint",
                runA.toString()}, new java.io.ByteArrayInputStream("{\"text\": \"a\"}\nnot json\n".getBytes()),
                new PrintStream(out), new PrintStream(err2)), "a bad input line");
        assertTrue(err2.toString().contains("stdin:2"), err2.toString());
    }

    @Test
    void badArgumentsAndDataHaveTheirExitCodes() throws Exception {
        Path out = new Path(tmp.resolve("c").toUri());
        assertEquals(ExitCodes.CONFIG, CliRun.run(new FinetuneCommand(), args(out, "poolng=mean")), "unknown key");
        assertEquals(ExitCodes.CONFIG, CliRun.run(new FinetuneCommand(), args(out, "pooling=cls")), "cls on a causal model");
        assertEquals(ExitCodes.CONFIG, CliRun.run(new FinetuneCommand(), args(out, "max-length=17")), "beyond the positions");
        Path foreign = FinetuneFixtures.writeJsonl(fs, new Path(tmp.resolve("v.jsonl").toUri()),
                List.of(new LabelledText("the cat", null, "maybe")));
        String[] a = FinetuneFixtures.args(ck, train, foreign, out).toArray(new String[0]);
        assertEquals(ExitCodes.BAD_DATA, CliRun.run(new FinetuneCommand(), a), "a validation label the training file lacks");
        String[] missing = FinetuneFixtures.args(ck, new Path(tmp.resolve("none.jsonl").toUri()), val, out)
                .toArray(new String[0]);
        assertEquals(ExitCodes.CONFIG, CliRun.run(new FinetuneCommand(), missing), "no training file");
        assertTrue(!fs.exists(new Path(out, "checkpoints")), "nothing trained");
    }
}
