package io.sparklm.tokenizer.testing;

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

    static Map<String, Long> counts(List<String> words) {
        Map<String, Long> c = new HashMap<>();
        for (String w : words) {
            c.merge(w, 1L, Long::sum);
        }
        return c;
    }

    /** Byte-level BPE (specials <|endoftext|>, [PAD], [MASK]); vocab >= 259. */
    public static Tokenizer bpe(String text, int vocab) {
        BpeTrainer t = new BpeTrainer(vocab, 2, BpeTrainer.DEFAULT_SPECIAL_TOKENS, false);
        return t.train(counts(t.pretokenize(text)));
    }

    /** BERT-uncased style WordPiece (specials [PAD], [UNK], [CLS], [SEP], [MASK]). */
    public static Tokenizer wordPiece(String text, int vocab) {
        WordPieceTrainer t = new WordPieceTrainer(vocab, 2, WordPieceTrainer.DEFAULT_SPECIAL_TOKENS, true);
        return t.train(counts(t.pretokenize(text)));
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
