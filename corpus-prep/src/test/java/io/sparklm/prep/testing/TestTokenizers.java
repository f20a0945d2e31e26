package io.sparklm.prep.testing;

import io.sparklm.tokenizer.BpeTrainer;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.WordPieceTrainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small tokenizers trained in-process on the given text, written as tokenizer.json for job tests. */
public final class TestTokenizers {
    private TestTokenizers() {}

    public static Map<String, Long> counts(Tokenizer pre, String text) {
        Map<String, Long> c = new HashMap<>();
        for (String w : pre.pretokenize(text)) {
            c.merge(w, 1L, Long::sum);
        }
        return c;
    }

    public static Tokenizer bpe(String text, int vocab) {
        BpeTrainer t = new BpeTrainer(vocab, 1, List.of("<|endoftext|>", "[PAD]", "[MASK]"));
        Tokenizer base = t.train(Map.of("a", 1L));
        return t.train(counts(base, text));
    }

    public static Tokenizer wordPiece(String text, int vocab) {
        WordPieceTrainer t = new WordPieceTrainer(vocab, 1, List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        Tokenizer base = t.train(Map.of("a", 1L));
        return t.train(counts(base, text));
    }

    public static Path write(Tokenizer t, Path file) throws IOException {
        Files.writeString(file, t.toJson(), StandardCharsets.UTF_8);
        return file;
    }

    /** The real-text cache dir: system property sparklm.cache, default $HOME/.cache/sparklm, then /corpus. */
    public static Path corpusDir() {
        String base = System.getProperty("sparklm.cache",
                System.getenv().getOrDefault("SPARKLM_CACHE", System.getProperty("user.home") + "/.cache/sparklm"));
        return Path.of(base, "corpus");
    }
}
