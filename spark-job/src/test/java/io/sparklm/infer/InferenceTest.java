package io.sparklm.infer;

import io.sparklm.cli.CliRun;

import io.sparklm.config.ConfigMap;
import io.sparklm.batch.Batches;
import io.sparklm.model.LocalTraining;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.tokenizer.BpeTrainer;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.WordPieceTrainer;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through real checkpoints (written by the trainer's CheckpointWriter): a tiny GPT trained on a
 * repeated sentence continues it greedily, sampling is seed-deterministic, beam search works, the CLIs print
 * only the result and reject bad arguments; fill-mask ranks candidates for a BERT checkpoint.
 */
class InferenceTest {
    static final String TEXT = "the cat sat on the mat. ";

    @TempDir
    static java.nio.file.Path tmp;
    static String gptRun;
    static String bertRun;

    static Map<String, Long> counts(List<String> words) {
        Map<String, Long> m = new HashMap<>();
        words.forEach(w -> m.merge(w, 1L, Long::sum));
        return m;
    }

    static String save(ComputationGraph g, Tokenizer tok, String name) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path run = new Path(tmp.resolve(name).toUri());
        new CheckpointWriter(fs, run).write(10, g, "{}", "{}", tok.toJson().getBytes(StandardCharsets.UTF_8));
        return run.toString();
    }

    @BeforeAll
    static void trainTinyModels() throws Exception {
        io.sparklm.model.NativeThreads.one();
        BpeTrainer bpe = new BpeTrainer(300, 1, BpeTrainer.DEFAULT_SPECIAL_TOKENS);
        Tokenizer tok = bpe.train(counts(bpe.pretokenize(TEXT.repeat(20))));
        int[] stream = tok.encode(TEXT.repeat(40), false);
        int period = tok.encode(TEXT.repeat(2), false).length - tok.encode(TEXT, false).length;
        int t = 16;
        ModelConfig m = ModelConfig.from(ConfigMap.of(Map.of("d-model", "32", "n-layers", "1", "n-heads", "2",
                "dropout", "0")), tok.vocabSize(), t);
        OptimConfig o = new OptimConfig(1e-2, 1e-3, 5, 80, "cosine", 0.0, 0.9, 0.95, 1e-8, 1.0);
        LocalTraining lt = new LocalTraining(TransformerModel.build(m, o), o);
        int[][] windows = new int[period][];
        for (int s = 0; s < period; s++) {
            windows[s] = Arrays.copyOfRange(stream, s, s + t);
        }
        var batch = Batches.toMultiDataSet(windows, null, null, null, m, null, 1, 0);
        for (int i = 0; i < 80; i++) {
            lt.step(batch);
        }
        gptRun = save(lt.graph(), tok, "gpt-run");

        WordPieceTrainer wp = new WordPieceTrainer(200, 1, WordPieceTrainer.DEFAULT_SPECIAL_TOKENS);
        Tokenizer wtok = wp.train(counts(wp.pretokenize(TEXT.repeat(20))));
        ModelConfig bm = ModelConfig.from(ConfigMap.of(Map.of("family", "bert", "d-model", "16", "n-layers", "1",
                "n-heads", "2", "dropout", "0")), wtok.vocabSize(), 16, wtok.tokenToId("[PAD]"));
        bertRun = save(TransformerModel.build(bm, o), wtok, "bert-run");
    }

    static String[] run(boolean generate, String... args) {
        CliRun.Result r = CliRun.capture(generate ? new GenerateCommand() : new FillMaskCommand(), args);
        return new String[]{"" + r.code(), r.out(), r.err()};
    }

    @Test
    void greedyGenerationContinuesTheLearnedSentence() {
        String[] r = run(true, "--checkpoint", gptRun, "--prompt", "the cat sat on", "--max-new-tokens", "6",
                "--temperature", "0");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith(" the mat. the cat"), "stdout: '" + r[1] + "'");
        String[] beam = run(true, "--checkpoint", gptRun, "--prompt", "the cat sat on", "--max-new-tokens", "6",
                "--beam", "3");
        assertEquals("0", beam[0], beam[2]);
        assertEquals(r[1], beam[1], "a memorised sentence: beam search agrees with greedy");
    }

    @Test
    void samplingIsSeedDeterministic() {
        String[] a = run(true, "--checkpoint", gptRun, "--prompt", "the", "--max-new-tokens", "12", "--seed", "7",
                "--temperature", "1.5", "--top-k", "20", "--top-p", "0.95");
        String[] b = run(true, "--checkpoint", gptRun, "--prompt", "the", "--max-new-tokens", "12", "--seed", "7",
                "--temperature", "1.5", "--top-k", "20", "--top-p", "0.95");
        assertEquals("0", a[0], a[2]);
        assertEquals(a[1], b[1]);
        assertTrue(a[1].length() > 0);
    }

    @Test
    void lastPositionHeadEqualsTheFullOutputAndSamplingFollowsTheWindowRule() throws Exception {
        LoadedModel m = LoadedModel.open(gptRun);
        int[] ids = m.tokenizer().encode(TEXT.repeat(3), false);
        int[][] windows = {Arrays.copyOf(ids, 1), Arrays.copyOf(ids, 7), Arrays.copyOf(ids, m.seqLen())};
        var full = m.probabilities(windows, 0);
        var last = m.nextTokenProbabilities(windows, 0);
        for (int i = 0; i < windows.length; i++) {
            double[] want = full.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),              // [B, T, V]
                    org.nd4j.linalg.indexing.NDArrayIndex.point(windows[i].length - 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).toDoubleVector();
            double[] got = last.getRow(i).toDoubleVector();
            for (int v = 0; v < want.length; v++) {
                assertEquals(want[v], got[v], 1e-6, "window " + i + " id " + v);
            }
        }
        // full forward, column of the last position, window rule written out (when full, keep the newest half,
        // the new id included), same seed: the same ids from both decoding paths
        Sampler sampler = new Sampler(1.5, 20, 0.95);
        int[] prompt = Arrays.copyOf(ids, 3);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[] window = prompt.clone();
        int[] want = new int[20];
        for (int i = 0; i < want.length; i++) {
            double[] p = m.probabilities(new int[][] {window}, 0).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(window.length - 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).toDoubleVector();
            want[i] = sampler.next(p, rnd);
            if (window.length == m.seqLen()) {
                window = Arrays.copyOfRange(window, window.length - m.seqLen() / 2 + 1, window.length + 1);
            } else {
                window = Arrays.copyOf(window, window.length + 1);
            }
            window[window.length - 1] = want[i];
        }
        assertEquals(Arrays.toString(want),
                Arrays.toString(new Generator(m, 0, -1).sample(prompt, 20, sampler, 7)), "20 tokens, past seq-len");
        assertEquals(Arrays.toString(want),
                Arrays.toString(Generator.withoutCache(m, 0, -1).sample(prompt, 20, sampler, 7)), "without cache");
    }

    @Test
    void helpAndBadArguments() {
        String[] help = run(true, "--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].startsWith("Usage: sparklm generate") && help[1].contains("--top-p X"), help[1]);
        assertEquals("2", run(true, "--checkpoint", gptRun)[0], "missing --prompt");
        String[] typo = run(true, "--checkpoint", gptRun, "--prompt", "x", "--temprature", "1");
        assertEquals("2", typo[0]);
        assertTrue(typo[2].contains("temprature"), typo[2]);
        assertEquals("2", run(true, "--checkpoint", gptRun, "--prompt", "x", "--top-p", "1.5")[0]);
        String[] missing = run(true, "--checkpoint", tmp.resolve("nothing-here").toString(), "--prompt", "x");
        assertEquals("2", missing[0], missing[2]);
        assertTrue(missing[2].startsWith("sparklm generate: not found: ") && missing[2].strip().lines().count() == 1,
                missing[2]);
        assertEquals("2", run(true, "--checkpoint", bertRun, "--prompt", "x")[0], "generation needs gpt");
    }

    @Test
    void fillMaskRanksCandidates() {
        String[] r = run(false, "--checkpoint", bertRun, "--text", "the cat [MASK] on the [MASK].", "--top-k", "3");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(6, lines.length, r[1]);
        double prev = 2;
        for (int i = 0; i < 3; i++) {
            String[] f = lines[i].split("\t");
            assertEquals("0", f[0]);
            double p = Double.parseDouble(f[2]);
            assertTrue(p <= prev && p > 0, r[1]);
            prev = p;
        }
        assertTrue(lines[3].startsWith("1\t"));
        assertEquals("2", run(false, "--checkpoint", bertRun, "--text", "no mask here")[0]);
        assertEquals("2", run(false, "--checkpoint", gptRun, "--text", "the [MASK]")[0], "fill-mask needs bert");
        assertEquals("0", run(false, "--help")[0]);
    }
}
