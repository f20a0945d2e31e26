package io.sparklm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.tokenizer.decode.ByteLevelDecoder;
import io.sparklm.tokenizer.decode.WordPieceDecoder;
import io.sparklm.tokenizer.model.BpeModel;
import io.sparklm.tokenizer.model.Vocab;
import io.sparklm.tokenizer.model.WordPieceModel;
import io.sparklm.tokenizer.normalize.BertNormalizer;
import io.sparklm.tokenizer.post.ByteLevelPostProcessor;
import io.sparklm.tokenizer.post.TemplateProcessor;
import io.sparklm.tokenizer.pretokenize.BertPreTokenizer;
import io.sparklm.tokenizer.pretokenize.ByteLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Legacy vocabulary files: GPT-2 encoder.json + vocab.bpe/merges.txt, BERT vocab.txt (one token per line, id = line number). */
public final class VocabFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VocabFiles() {}

  /** GPT-2 pipeline from encoder.json and vocab.bpe (or merges.txt); "<|endoftext|>" becomes a special added token if present. */
  public static Tokenizer gpt2(Path encoderJson, Path mergesFile) throws IOException {
    JsonNode enc = MAPPER.readTree(Files.readString(encoderJson, StandardCharsets.UTF_8));
    if (enc == null || !enc.isObject()) throw new IllegalArgumentException(encoderJson + ": expected a JSON object token -> id");
    Map<String, Integer> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = enc.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().intValue());
    }
    Vocab vocab = Vocab.fromMap(m);
    List<String[]> merges = readMerges(mergesFile);
    List<AddedToken> added = new ArrayList<>();
    int eot = vocab.id("<|endoftext|>");
    if (eot >= 0) added.add(AddedToken.special(eot, "<|endoftext|>"));
    return Tokenizer.of(null, ByteLevel.gpt2(), new BpeModel(vocab, merges, null, false, false),
        new ByteLevelPostProcessor(true, false, true), new ByteLevelDecoder(true, true, true), added);
  }

  /** Merge lines "left right"; a first line starting with "#version" and blank lines are skipped. */
  public static List<String[]> readMerges(Path file) throws IOException {
    List<String[]> merges = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if ((i == 0 && l.startsWith("#version")) || l.isEmpty()) continue;
      String[] p = l.split(" ", -1);
      if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) throw new IllegalArgumentException(file + ":" + (i + 1) + ": bad merge line '" + l + "'");
      merges.add(p);
    }
    return merges;
  }

  /** BERT pipeline from vocab.txt; [PAD] [UNK] [CLS] [SEP] [MASK] that exist become special added tokens. */
  public static Tokenizer bert(Path vocabTxt, boolean lowercase) throws IOException {
    List<String> tokens = new ArrayList<>();
    for (String l : Files.readAllLines(vocabTxt, StandardCharsets.UTF_8)) tokens.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) tokens.remove(tokens.size() - 1);
    Vocab vocab = new Vocab(tokens);
    List<AddedToken> added = new ArrayList<>();
    for (String s : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
      if (vocab.id(s) >= 0) added.add(AddedToken.special(vocab.id(s), s));
    }
    added.sort(java.util.Comparator.comparingInt(AddedToken::id));
    int cls = vocab.id("[CLS]");
    int sep = vocab.id("[SEP]");
    return Tokenizer.of(new BertNormalizer(true, true, null, lowercase), new BertPreTokenizer(),
        new WordPieceModel(vocab, "[UNK]", "##", 100),
        cls >= 0 && sep >= 0 ? TemplateProcessor.bert("[CLS]", cls, "[SEP]", sep) : null, new WordPieceDecoder("##", true), added);
  }

  /** Writes a WordPiece tokenizer's vocab.txt atomically. */
  public static void writeVocabTxt(Tokenizer t, Path out) throws IOException {
    if (!(t.model() instanceof WordPieceModel wp)) throw new IllegalArgumentException("vocab.txt needs a WordPiece tokenizer, got " + t.type());
    StringBuilder sb = new StringBuilder();
    for (String tok : wp.vocab().tokens()) sb.append(tok).append('\n');
    writeAtomic(out, sb.toString());
  }

  /** Writes a BPE tokenizer's encoder.json and merges file (with "#version: 0.2" header) atomically. */
  public static void writeGpt2Files(Tokenizer t, Path encoderJson, Path mergesFile) throws IOException {
    if (!(t.model() instanceof BpeModel bpe)) throw new IllegalArgumentException("encoder.json needs a BPE tokenizer, got " + t.type());
    ObjectNode o = MAPPER.createObjectNode();
    for (int i = 0; i < bpe.vocab().size(); i++) o.put(bpe.vocab().token(i), i);
    writeAtomic(encoderJson, MAPPER.writeValueAsString(o));
    StringBuilder sb = new StringBuilder("#version: 0.2\n");
    for (String[] m : bpe.merges()) sb.append(m[0]).append(' ').append(m[1]).append('\n');
    writeAtomic(mergesFile, sb.toString());
  }

  static void writeAtomic(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // non-POSIX file system: keep the default
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
