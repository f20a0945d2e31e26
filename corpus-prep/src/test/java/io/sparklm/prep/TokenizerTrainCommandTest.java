package io.sparklm.prep;

import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Spark-counted tokenizer training equals training on locally counted words of the same documents. */
class TokenizerTrainCommandTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static StringBuilder docs = new StringBuilder();

    @BeforeAll
    static void setUp() throws IOException {
        LocalSpark.get();
        corpus = dir.resolve("in");
        Files.createDirectories(corpus);
        String text = Files.readString(TestTokenizers.corpusDir().resolve("moby-dick.txt"));
        String[] chapters = text.split("(?=CHAPTER \\d+\\.)");
        for (int i = 1; i <= 10; i++) {
            Files.writeString(corpus.resolve("ch" + i + ".txt"), chapters[i]);
        }
        Files.writeString(corpus.resolve("dup.txt"), chapters[3]); // a duplicate document is counted once
    }

    static int run(ByteArrayOutputStream out, String... args) {
        PrepCli.Result r = PrepCli.run(LoudFailureTest.concat("tokenizer", args));
        out.writeBytes(r.out().getBytes(StandardCharsets.UTF_8));
        return r.code();
    }

    @Test
    void bpeFromSparkCountsEqualsLocalTraining() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path tok = dir.resolve("bpe.json");
        assertEquals(0, run(out, "train", "--input", corpus.toString(), "--type", "bpe", "--vocab-size", "600",
                "--output", tok.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"vocab_size\":600"), out.toString());
        Tokenizer t = Tokenizer.fromFile(tok);
        assertEquals(600, t.vocabSize());
        assertEquals(0, t.tokenToId("<|endoftext|>"));
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            all.append(java.text.Normalizer.normalize(Files.readString(corpus.resolve("ch" + i + ".txt")),
                    java.text.Normalizer.Form.NFC).strip()).append("\n\n");
        }
        // local reference: same trainer, words counted per document without Spark
        io.sparklm.tokenizer.BpeTrainer tr = new io.sparklm.tokenizer.BpeTrainer(600, 2,
                io.sparklm.tokenizer.BpeTrainer.DEFAULT_SPECIAL_TOKENS, false);
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (int i = 1; i <= 10; i++) {
            String d = java.text.Normalizer.normalize(Files.readString(corpus.resolve("ch" + i + ".txt")),
                    java.text.Normalizer.Form.NFC).strip();
            for (String w : tr.pretokenize(d)) counts.merge(w, 1L, Long::sum);
        }
        assertEquals(tr.train(counts).toJson(), t.toJson());
        String sample = "Call me Ishmael. Some years ago";
        assertEquals(sample, t.decode(t.encode(sample, false), false));
        // replaces an existing file by default, refuses with overwrite=false; bad arguments exit 2
        assertEquals(2, run(new ByteArrayOutputStream(), "train", "--input", corpus.toString(), "--type", "bpe",
                "--vocab-size", "600", "--output", tok.toString(), "overwrite=false"));
        assertEquals(2, run(new ByteArrayOutputStream(), "train", "--input", corpus.toString(), "--type", "unigram",
                "--vocab-size", "600", "--output", dir.resolve("x.json").toString()));
        assertEquals(2, run(new ByteArrayOutputStream(), "fit", "--input", corpus.toString()));
        assertEquals(0, run(new ByteArrayOutputStream(), "--help"));
    }

    @Test
    void wordPieceTrainsWithBertSpecials() throws Exception {
        Path tok = dir.resolve("wp.json");
        assertEquals(0, run(new ByteArrayOutputStream(), "train", "--input", corpus.toString(), "--type", "wordpiece",
                "--vocab-size", "800", "--output", tok.toString(), "doc-split=blank-line"));
        Tokenizer t = Tokenizer.fromFile(tok);
        assertEquals("wordpiece", t.type());
        assertEquals(2, t.tokenToId("[CLS]"));
        assertEquals(4, t.tokenToId("[MASK]"));
        assertTrue(t.vocabSize() <= 800 && t.vocabSize() > 300);
        assertEquals("call me ishmael.", t.decode(t.encode("Call me Ishmael.", false), true));
    }
}
