package io.sparklm.train;

import io.sparklm.cli.CliRun;
import io.sparklm.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.fs.HadoopFs;
import io.sparklm.shard.Manifest;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.shard.ShardEntry;
import io.sparklm.shard.ShardRecord;
import io.sparklm.shard.ShardWriter;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.report.RunReport;
import io.sparklm.train.run.Preemption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI end to end on corpus-prep shards (written with ShardWriter) and the real transformer, trainer=local. */
class PretrainJobTest {
    private static final int VOCAB = 40;
    private static final int SEQ = 16;

    @TempDir
    java.nio.file.Path tmp;

    @AfterEach
    void reset() {
        Preemption.reset();
    }

    /** Writes a data root: 2 train shards + 1 validation shard of patterned sequences, manifest, tokenizer.json. */
    static Path writeData(FileSystem fs, Path root, String objective) throws Exception {
        return writeData(fs, root, objective, 0);
    }

    /** As {@link #writeData(FileSystem, Path, String)}, each token replaced by id 7 with probability {@code skew}. */
    static Path writeData(FileSystem fs, Path root, String objective, double skew) throws Exception {
        boolean mlm = objective.equals("mlm");
        List<ShardEntry> entries = new ArrayList<>();
        String[][] layout = {{"train", "train-00000.shard"}, {"train", "train-00001.shard"},
                {"validation", "validation-00000.shard"}};
        long total = 0;
        for (int s = 0; s < layout.length; s++) {
            ShardWriter w = new ShardWriter(objective, SEQ, VOCAB, false, false, mlm ? 0 : 1);
            SplittableRandom rnd = new SplittableRandom(100 + s);
            int n = s < 2 ? 48 : 24;
            for (int r = 0; r < n; r++) {
                int[] ids = new int[SEQ];
                ids[0] = 5 + rnd.nextInt(VOCAB - 5);
                for (int i = 1; i < SEQ; i++) {
                    ids[i] = rnd.nextDouble() < 0.9 ? 5 + (3 * ids[i - 1] + 1) % (VOCAB - 5) : 5 + rnd.nextInt(VOCAB - 5);
                }
                for (int i = 0; i < SEQ; i++) {
                    ids[i] = skew > 0 && rnd.nextDouble() < skew ? 7 : ids[i];
                }
                w.add(new ShardRecord(ids, null, new int[SEQ], -1));
            }
            Path p = new Path(root, layout[s][1]);
            w.writeTo(fs, p);
            entries.add(new ShardEntry(layout[s][1], layout[s][0], n, HadoopFs.sha256(fs, p)));
            total += (long) n * SEQ;
        }
        Manifest m = Manifest.build(objective, SEQ, VOCAB, mlm ? 0 : 1, mlm ? "dynamic" : "none", 10, 10, Map.of(),
                96, 24, total, entries, Map.of(), "h", "t", null);
        HadoopFs.writeStringAtomically(fs, new Path(root, Manifest.FILE), m.toJson());
        // real tokenizers whose specials sit where the patterned records expect them: mlm [PAD] 0 .. [MASK] 4
        String tok = (mlm ? TestTokenizers.wordPiece("the cat sat on the mat the end", 40)
                : TestTokenizers.bpe("the cat sat on the mat the end", 262)).toJson();
        HadoopFs.writeStringAtomically(fs, new Path(root, "tokenizer.json"), tok);
        return root;
    }

    static String[] args(Path data, Path out, String family, String... extra) {
        List<String> a = new ArrayList<>(List.of("--data", data.toString(), "--output", out.toString(),
                "--max-steps", "24", "trainer=local", "family=" + family, "d-model=16", "n-layers=1", "n-heads=2",
                "dropout=0", "lr=0.004", "schedule=constant", "weight-decay=0", "warmup-steps=0", "workers=2",
                "batch-size-per-worker=4", "checkpoint-every-steps=12", "eval-every=12", "eval-batches=3",
                "log-every=4", "seed=5"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static String captureStdout(ThrowingRunnable r) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void gptOnClmShardsTrainsCheckpointsAndPrintsTheResultLine() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path out = new Path(tmp.resolve("run").toUri());
        int[] code = new int[1];
        String stdout = captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "gpt")));
        assertEquals(ExitCodes.OK, code[0], stdout);
        JsonNode res = new ObjectMapper().readTree(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(24, res.get("step").asLong());
        assertTrue(res.get("val_loss").asDouble() < res.get("initial_val_loss").asDouble() - 0.05, stdout);
        assertEquals(Math.log(VOCAB), res.get("initial_val_loss").asDouble(), 0.5);
        assertTrue(!res.has("val_mlm_acc"), "gpt: no MLM accuracy in the result line: " + stdout);
        List<JsonNode> val = validationLines(fs, out);
        assertEquals(3, val.size());
        assertTrue(val.stream().noneMatch(n -> n.has("val_mlm_acc")), val.toString());
        Path ck = CheckpointResolver.resolve(fs, out);
        assertEquals("step-00000024", ck.getName());
        assertTrue(HadoopFs.readString(fs, new Path(ck, "tokenizer.json")).contains("endoftext"));
        assertTrue(HadoopFs.readString(fs, new Path(out, "config.json")).contains("\"d-model\" : 16"));
        // the report carries the baseline the job measured on all 2 x 48 training records (none of them padding)
        String report = HadoopFs.readString(fs, new Path(out, RunReport.HTML));
        assertTrue(report.contains("<th>unigram baseline</th><td>") && report.contains("nats/token (all "
                + String.format(java.util.Locale.ROOT, "%,d", 96 * SEQ) + " training tokens)</td>"), report.substring(0,
                Math.min(report.length(), 3000)));
        assertTrue(fs.getFileStatus(new Path(out, RunReport.PNG)).getLen() > 1000);
        // the same command again: resumes at 24, nothing to do, still exit 0
        String again = captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "gpt")));
        assertEquals(ExitCodes.OK, code[0]);
        assertTrue(again.contains("\"step\":24"), again);
    }

    @Test
    void bertWithDynamicMaskingTrains() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        // id 7 is half of all tokens: learning that is enough to beat uniform guessing (1 in 35) by far
        Path data = writeData(fs, new Path(tmp.resolve("data").toUri()), "mlm", 0.5);
        Path out = new Path(tmp.resolve("run").toUri());
        int[] code = new int[1];
        String stdout = captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "bert", "mlm-prob=0.3",
                "eval-batches=6")));
        assertEquals(ExitCodes.OK, code[0], stdout);
        JsonNode res = new ObjectMapper().readTree(stdout.strip());
        assertTrue(res.get("val_loss").asDouble() < res.get("initial_val_loss").asDouble(), stdout);
        List<JsonNode> val = validationLines(fs, out);
        assertEquals(List.of(0L, 12L, 24L), val.stream().map(n -> n.get("step").asLong()).toList());
        for (JsonNode n : val) {
            double acc = n.get("val_mlm_acc").asDouble();
            assertTrue(acc >= 0 && acc <= 1, n.toString());
        }
        double last = val.get(2).get("val_mlm_acc").asDouble();
        assertEquals(last, res.get("val_mlm_acc").asDouble(), 1e-6, "the result line reports the last validation");
        // uniform guessing over ids 5..39 is right 1 in 35 times; predicting id 7 everywhere, about 1 in 2
        assertTrue(last > 0.3 && last > val.get(0).get("val_mlm_acc").asDouble(), val.toString());
        // resumed with nothing left to do: the result line still carries the checkpoint's last accuracy
        String again = captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "bert", "mlm-prob=0.3",
                "eval-batches=6")));
        assertEquals(last, new ObjectMapper().readTree(again.strip()).get("val_mlm_acc").asDouble(), 1e-6, again);
    }

    /** The validation lines of metrics.jsonl in order. */
    static List<JsonNode> validationLines(FileSystem fs, Path out) throws Exception {
        List<JsonNode> v = new ArrayList<>();
        for (String line : HadoopFs.readString(fs, new Path(out, "metrics.jsonl")).split("\n")) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.has("val_loss")) {
                v.add(n);
            }
        }
        return v;
    }

    static String captureStderr(ThrowingRunnable r) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }

    @Test
    void resumeRefusesAChangedModelShapeAndTakesAChangedLearningRate() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path out = new Path(tmp.resolve("run").toUri());
        int[] code = new int[1];
        captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "gpt", "--max-steps", "12")));
        assertEquals(ExitCodes.OK, code[0]);
        String err = captureStderr(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "gpt", "d-model=32",
                "n-heads=4", "--max-steps", "16")));
        assertEquals(ExitCodes.CONFIG, code[0], err);
        assertTrue(err.contains("d-model (16 -> 32)") && err.contains("n-heads (2 -> 4)"), err);
        assertEquals("step-00000012", CheckpointResolver.resolve(fs, out).getName(), "nothing was trained");

        err = captureStderr(() -> captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), args(data, out, "gpt", "lr=0.001",
                "--max-steps", "16"))));
        assertEquals(ExitCodes.OK, code[0], err);
        assertTrue(err.contains("config changed since the checkpoint: lr (0.004 -> 0.001), max-steps (12 -> 16)"),
                err);
        JsonNode last = new ObjectMapper().readTree(HadoopFs.readString(fs, new Path(out, "metrics.jsonl")).lines()
                .filter(l -> l.contains("\"lr\"")).reduce((a, b) -> b).orElseThrow());
        assertEquals(16, last.get("step").asLong());
        assertEquals(0.001, last.get("lr").asDouble(), 1e-12, "the new learning rate is in effect");
    }

    @Test
    void helpAndBadArgumentsGiveOneLineAndTheDocumentedCode() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path out = new Path(tmp.resolve("run").toUri());
        CliRun.Result help = CliRun.capture(new PretrainCommand(), "--help");
        assertEquals(ExitCodes.OK, help.code());
        assertTrue(help.out().startsWith("Usage: sparklm pretrain") && help.out().contains("--max-minutes X")
                && help.out().contains("143"), help.out());
        assertOneLine(ExitCodes.CONFIG, "unknown config key 'bogus-key'", args(data, out, "gpt", "bogus-key=1"));
        assertOneLine(ExitCodes.CONFIG, "unknown option '--bogus-key'", args(data, out, "gpt", "--bogus-key", "1"));
        assertOneLine(ExitCodes.CONFIG, "config key 'workers' has bad value 'zero'",
                args(data, out, "gpt", "workers=zero"));
        assertOneLine(ExitCodes.CONFIG, "family bert cannot train on clm data", args(data, out, "bert"));
        assertOneLine(ExitCodes.CONFIG, "config key 'data'",
                args(new Path(tmp.resolve("nowhere").toUri()), out, "gpt"));
        // the cluster's Hadoop settings reach the job as spark.hadoop.* properties: no connection retries here
        System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
        try {
            assertOneLine(ExitCodes.UNREACHABLE, "cannot reach a service",
                    args(data, new Path("hdfs://127.0.0.1:1/run"), "gpt"));
        } finally {
            System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
        }
    }

    private static void assertOneLine(int code, String cause, String[] args) {
        CliRun.Result r = CliRun.capture(new PretrainCommand(), args);
        assertEquals(code, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("sparklm pretrain: ") && last.contains(cause), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }
}
