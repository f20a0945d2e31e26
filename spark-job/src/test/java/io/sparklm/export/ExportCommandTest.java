package io.sparklm.export;

import io.sparklm.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.NativeThreads;
import io.sparklm.model.TinyModels;
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
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparklm export-hf} end to end through real checkpoints (CheckpointWriter): the run output resolves to its latest
 * checkpoint; the directory holds exactly model.safetensors, config.json (sizes, special-token ids from the
 * tokenizer), tokenizer.json (the checkpoint's bytes) and tokenizer_config.json; its weights load back into a
 * fresh graph as the checkpoint's parameters; an existing output, an unexportable model and bad arguments exit 2.
 */
class ExportCommandTest {
    @TempDir
    static java.nio.file.Path tmp;
    static Tokenizer bpe;
    static Tokenizer wordPiece;

    @BeforeAll
    static void tokenizers() {
        NativeThreads.one();
        Map<String, Long> words = new HashMap<>();
        for (String w : "the cat sat on the mat and the dog sat on the log".split(" ")) {
            words.merge(w, 1L, Long::sum);
        }
        bpe = new BpeTrainer(270, 1, BpeTrainer.DEFAULT_SPECIAL_TOKENS).train(words);
        wordPiece = new WordPieceTrainer(60, 1, WordPieceTrainer.DEFAULT_SPECIAL_TOKENS).train(words);
    }

    static ModelConfig config(String family, Tokenizer tok, String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("family", family, "d-model", "8", "n-layers", "1",
                "n-heads", "2", "dropout", "0"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ModelConfig.from(ConfigMap.of(m), tok.vocabSize(), 6, tok.tokenToId("[PAD]"));
    }

    /** Writes {@code g} as checkpoint step 7 of a run output named {@code name}; returns the run output. */
    static String checkpoint(ComputationGraph g, Tokenizer tok, String name) throws Exception {
        Path run = new Path(tmp.resolve(name).toUri());
        new CheckpointWriter(FileSystem.getLocal(new Configuration()), run).write(7, g, "{}", "{}",
                tok.toJson().getBytes(StandardCharsets.UTF_8));
        return run.toString();
    }

    static String[] run(String... args) {
        CliRun.Result r = CliRun.capture(new ExportCommand(), args);
        return new String[]{"" + r.code(), r.out(), r.err()};
    }

    static JsonNode json(java.nio.file.Path p) throws Exception {
        return Safetensors.JSON.readTree(Files.readString(p));
    }

    @Test
    void exportsAGptCheckpointThatLoadsBack() throws Exception {
        ComputationGraph g = TransformerModel.build(config("gpt", bpe), TinyModels.optim(1e-3, 0, 0));
        String runOut = checkpoint(g, bpe, "gpt-run");
        java.nio.file.Path out = tmp.resolve("gpt-hf");
        String[] r = run("--checkpoint", runOut, "--output", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode line = Safetensors.JSON.readTree(r[1]);
        assertEquals("GPT2LMHeadModel", line.get("architecture").asText());
        assertTrue(line.get("checkpoint").asText().endsWith("checkpoints/step-00000007"), r[1]);
        assertEquals(g.numParams(), line.get("parameters").asLong());
        String[] files = out.toFile().list();
        Arrays.sort(files);
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"),
                List.of(files));
        assertArrayEquals(bpe.toJson().getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(out.resolve("tokenizer.json")));
        JsonNode c = json(out.resolve("config.json"));
        int eot = bpe.tokenToId("<|endoftext|>");
        assertEquals(List.of("GPT2LMHeadModel", "gpt2", "gelu_new"), List.of(c.get("architectures").get(0).asText(),
                c.get("model_type").asText(), c.get("activation_function").asText()));
        assertEquals(List.of(bpe.vocabSize(), 6, 8, 1, 2, 32, eot, eot, bpe.tokenToId("[PAD]")),
                List.of(c.get("vocab_size").asInt(), c.get("n_positions").asInt(), c.get("n_embd").asInt(),
                        c.get("n_layer").asInt(), c.get("n_head").asInt(), c.get("n_inner").asInt(),
                        c.get("bos_token_id").asInt(), c.get("eos_token_id").asInt(), c.get("pad_token_id").asInt()));
        assertEquals(1e-5, c.get("layer_norm_epsilon").asDouble());
        assertTrue(c.get("tie_word_embeddings").asBoolean());
        JsonNode tc = json(out.resolve("tokenizer_config.json"));
        assertEquals("<|endoftext|>", tc.get("eos_token").asText());
        assertEquals(6, tc.get("model_max_length").asInt());

        ComputationGraph back = TransformerModel.build(config("gpt", bpe, "seed", "99"), TinyModels.optim(1e-3, 0, 0));
        assertFalse(back.params().equals(g.params()));
        HfImporter.load(FileSystem.getLocal(new Configuration()), new Path(out.toUri()), back);
        assertEquals(g.params(), back.params());

        String[] again = run("--checkpoint", runOut, "--output", out.toString());
        assertEquals("2", again[0]);
        assertTrue(again[2].strip().endsWith("exists; remove it or choose another"), again[2]);
    }

    @Test
    void exportsABertCheckpointWithItsSpecialTokens() throws Exception {
        ComputationGraph g = TransformerModel.build(config("bert", wordPiece, "nsp", "true"),
                TinyModels.optim(1e-3, 0, 0));
        String runOut = checkpoint(g, wordPiece, "bert-run");
        java.nio.file.Path out = tmp.resolve("bert-hf");
        String[] r = run("--checkpoint", runOut + "/checkpoints/step-00000007", "--output", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode c = json(out.resolve("config.json"));
        assertEquals("BertForPreTraining", c.get("architectures").get(0).asText());
        assertEquals(List.of(wordPiece.tokenToId("[PAD]"), 2, 6, 32), List.of(c.get("pad_token_id").asInt(),
                c.get("type_vocab_size").asInt(), c.get("max_position_embeddings").asInt(),
                c.get("intermediate_size").asInt()));
        assertEquals("gelu_new", c.get("hidden_act").asText());
        assertEquals(1e-12, c.get("layer_norm_eps").asDouble());
        JsonNode tc = json(out.resolve("tokenizer_config.json"));
        assertEquals(List.of("[MASK]", "[CLS]", "[SEP]", "[PAD]", "[UNK]"), List.of(tc.get("mask_token").asText(),
                tc.get("cls_token").asText(), tc.get("sep_token").asText(), tc.get("pad_token").asText(),
                tc.get("unk_token").asText()));
    }

    @Test
    void refusalsAndBadArgumentsExitTwoWithOneLine() throws Exception {
        ComputationGraph g = TransformerModel.build(config("gpt", bpe, "positional", "sinusoidal"),
                TinyModels.optim(1e-3, 0, 0));
        String runOut = checkpoint(g, bpe, "sinusoidal-run");
        java.nio.file.Path out = tmp.resolve("never");
        String[] r = run("--checkpoint", runOut, "--output", out.toString());
        assertEquals("2", r[0]);
        List<String> errLines = r[2].lines().filter(l -> !l.startsWith("[export]")).toList();
        assertEquals(1, errLines.size(), r[2]);
        assertTrue(errLines.get(0).startsWith("sparklm export-hf: positional=sinusoidal cannot be exported"), r[2]);
        assertFalse(Files.exists(out));
        assertEquals("", r[1]);
        assertEquals("0", run("--help")[0]);
        String[] missing = run("--checkpoint", runOut);
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("output"), missing[2]);
        assertEquals("2", run("--checkpoint", runOut, "--output", out.toString(), "--bogus", "1")[0]);
        String[] none = run("--checkpoint", tmp.resolve("nothing-here").toString(), "--output", out.toString());
        assertEquals("2", none[0]);
        assertTrue(none[2].startsWith("sparklm export-hf: not found: no complete checkpoint"), none[2]);
    }
}
