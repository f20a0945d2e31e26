package io.sparklm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: committed goldens (classpath golden/) and fetched reference assets (system property sparklm.cache). */
public final class Golden {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static Tokenizer gpt2;
  private static Tokenizer bert;

  private Golden() {}

  /** One golden line: HF ids with/without special tokens and HF decodes of the former. */
  public record Expected(int[] ids, int[] idsPlain, String decoded, String decodedSkip) {}

  public static String resource(String name) throws IOException {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) throw new IllegalStateException("missing test resource golden/" + name + " (run scripts/gen-tokenizer-goldens)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static List<JsonNode> jsonLines(String name) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : resource(name).split("\n")) if (!l.isEmpty()) out.add(MAPPER.readTree(l));
    return out;
  }

  public static List<String> texts() throws IOException {
    List<String> t = new ArrayList<>();
    for (JsonNode n : jsonLines("texts.jsonl")) t.add(n.get("text").textValue());
    return t;
  }

  public static List<Expected> expected(String name) throws IOException {
    List<Expected> out = new ArrayList<>();
    for (JsonNode n : jsonLines(name)) {
      out.add(new Expected(ints(n.get("ids")), ints(n.get("ids_plain")), n.get("decoded").textValue(), n.get("decoded_skip").textValue()));
    }
    return out;
  }

  static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) r[i] = a.get(i).intValue();
    return r;
  }

  public static Path cacheDir() {
    String p = System.getProperty("sparklm.cache");
    if (p == null || p.isEmpty()) {
      String env = System.getenv("SPARKLM_CACHE");
      p = env != null && !env.isEmpty() ? env : System.getProperty("user.home") + "/.cache/sparklm";
    }
    return Path.of(p);
  }

  public static Path asset(String rel) {
    Path f = cacheDir().resolve("tokenizers").resolve(rel);
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException("reference asset " + f + " is missing: run scripts/fetch-tokenizer-assets (or set -Dsparklm.cache)");
    }
    return f;
  }

  /** The real GPT-2 vocabulary (50,257 tokens). */
  public static synchronized Tokenizer gpt2() throws IOException {
    if (gpt2 == null) gpt2 = VocabFiles.gpt2(asset("gpt2/encoder.json"), asset("gpt2/vocab.bpe"));
    return gpt2;
  }

  /** bert-base-uncased WordPiece (30,522 tokens). */
  public static synchronized Tokenizer bert() throws IOException {
    if (bert == null) bert = Tokenizer.fromFile(asset("bert-base-uncased/tokenizer.json"));
    return bert;
  }

  /** Word counts of the golden texts as the given pre-tokenizer splits them (sorted map). */
  public static Map<String, Long> countWords(java.util.function.Function<String, List<String>> pretok, List<String> texts) {
    Map<String, Long> m = new TreeMap<>();
    for (String t : texts) for (String w : pretok.apply(t)) m.merge(w, 1L, Long::sum);
    return m;
  }

  /** The trainers' configuration for the committed trained-tokenizer goldens. */
  public static Tokenizer trainBpe() throws IOException {
    BpeTrainer tr = new BpeTrainer(700, 2, BpeTrainer.DEFAULT_SPECIAL_TOKENS, false);
    return tr.train(countWords(tr::pretokenize, texts()));
  }

  public static Tokenizer trainWordPiece() throws IOException {
    WordPieceTrainer tr = new WordPieceTrainer(700, 2, WordPieceTrainer.DEFAULT_SPECIAL_TOKENS, true);
    return tr.train(countWords(tr::pretokenize, texts()));
  }
}
