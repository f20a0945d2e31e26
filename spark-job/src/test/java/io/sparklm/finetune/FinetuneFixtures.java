package io.sparklm.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.config.ConfigMap;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test fixtures for fine-tuning: a synthetic labelled task (filler words with one sentiment keyword: "good"/"great"
 * make "pos", "bad"/"awful" "neg", anywhere in the text) and a small transformer checkpoint with a tokenizer that
 * knows those words, written as pre-training writes checkpoints (random weights: enough to fine-tune).
 */
public final class FinetuneFixtures {
    static final String[] FILLER = {"the", "a", "cat", "dog", "sat", "on", "mat", "log", "big", "red", "old", "new"};
    static final String[] POS = {"good", "great"};
    static final String[] NEG = {"bad", "awful"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private FinetuneFixtures() {}

    /** {@code n} labelled texts from {@code seed}, balanced. */
    public static List<LabelledText> texts(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pos = i % 2 == 0;
            int len = 4 + rnd.nextInt(4);
            int at = rnd.nextInt(len + 1);
            List<String> words = new ArrayList<>();
            for (int w = 0; w < len; w++) {
                words.add(FILLER[rnd.nextInt(FILLER.length)]);
            }
            String[] keys = pos ? POS : NEG;
            words.add(at, keys[rnd.nextInt(keys.length)]);
            out.add(new LabelledText(String.join(" ", words), null, pos ? "pos" : "neg"));
        }
        return out;
    }

    /** Writes {@code texts} as labelled JSON lines. */
    public static Path writeJsonl(FileSystem fs, Path file, List<LabelledText> texts) throws Exception {
        StringBuilder b = new StringBuilder();
        for (LabelledText t : texts) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("text", t.text());
            if (t.pair() != null) {
                m.put("text-pair", t.pair());
            }
            if (t.label() != null) {
                m.put("label", t.label());
            }
            b.append(JSON.writeValueAsString(m)).append('\n');
        }
        HadoopFs.writeStringAtomically(fs, file, b.toString());
        return file;
    }

    /** A tokenizer whose vocabulary holds every word of the task ({@code bert}: WordPiece with [CLS]/[SEP]). */
    public static Tokenizer tokenizer(boolean bert) {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 5; r++) {
            for (String[] ws : new String[][] {FILLER, POS, NEG}) {
                text.append(String.join(" ", ws)).append(' ');
            }
        }
        return bert ? TestTokenizers.wordPiece(text.toString(), 40) : TestTokenizers.bpe(text.toString(), 300);
    }

    /**
     * A run output holding one checkpoint of a {@code family} transformer (d-model 16, 1 layer, seq-len 16, dropout
     * 0.1; bert with the NSP pooler) and its tokenizer.
     */
    public static Path pretrained(FileSystem fs, Path run, String family) throws Exception {
        Tokenizer tok = tokenizer(family.equals("bert"));
        Map<String, String> kv = new HashMap<>(Map.of("family", family, "d-model", "16", "n-layers", "1",
                "n-heads", "2", "dropout", "0.1", "seed", "9", "nsp", "" + family.equals("bert")));
        ModelConfig m = ModelConfig.from(ConfigMap.of(kv), tok.vocabSize(), 16, -1);
        ComputationGraph g = TransformerModel.build(m, TinyModels.optim(1e-3, 0, 0));
        new CheckpointWriter(fs, run).write(0, g, "{}", JSON.writeValueAsString(m.asMap()),
                tok.toJson().getBytes(StandardCharsets.UTF_8));
        return run;
    }

    /** The fine-tuning command line of the synthetic task (trainer=local, 24 steps, checks every 8). */
    public static List<String> args(Path checkpoint, Path train, Path val, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("--checkpoint", checkpoint.toString(), "--train", train.toString(),
                "--validation", val.toString(), "--output", out.toString(), "trainer=local", "workers=2",
                "batch-size-per-worker=8", "max-steps=24", "eval-every=8", "checkpoint-every-steps=8", "log-every=2",
                "lr=1e-2", "head-lr=2e-2", "warmup-steps=2", "seed=4", "keep-checkpoints=2"));
        a.addAll(List.of(extra));
        return a;
    }
}
