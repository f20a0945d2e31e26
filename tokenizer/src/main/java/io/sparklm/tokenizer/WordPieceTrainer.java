package io.sparklm.tokenizer;

import io.sparklm.tokenizer.decode.WordPieceDecoder;
import io.sparklm.tokenizer.model.Vocab;
import io.sparklm.tokenizer.model.WordPieceModel;
import io.sparklm.tokenizer.normalize.BertNormalizer;
import io.sparklm.tokenizer.post.TemplateProcessor;
import io.sparklm.tokenizer.pretokenize.BertPreTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * WordPiece trainer (BERT style: BertNormalizer, BertPreTokenizer, [CLS] $A [SEP] template, "##" decoder), learned
 * like HF: BPE merges with "##" continuation symbols. Vocab = special tokens (ids 0..), every char seen, every "##char",
 * then merged pieces until vocabSize or the best pair count drops below minFrequency. Immutable and Serializable.
 */
public final class WordPieceTrainer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Default special tokens, ids 0..4. */
  public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
  public static final String PREFIX = "##";

  private final int vocabSize;
  private final long minFrequency;
  private final List<String> specialTokens;
  private final boolean lowercase;

  /** specialTokens must contain "[UNK]"; the template needs "[CLS]" and "[SEP]" (omitted if absent). */
  public WordPieceTrainer(int vocabSize, long minFrequency, List<String> specialTokens, boolean lowercase) {
    if (specialTokens == null) specialTokens = DEFAULT_SPECIAL_TOKENS;
    if (!specialTokens.contains("[UNK]")) throw new IllegalArgumentException("WordPiece special tokens must include [UNK]: " + specialTokens);
    if (new java.util.HashSet<>(specialTokens).size() != specialTokens.size()) throw new IllegalArgumentException("duplicate special tokens: " + specialTokens);
    if (vocabSize < specialTokens.size()) throw new IllegalArgumentException("vocabSize " + vocabSize + " is smaller than the special tokens");
    if (minFrequency < 1) throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
    this.vocabSize = vocabSize;
    this.minFrequency = minFrequency;
    this.specialTokens = List.copyOf(specialTokens);
    this.lowercase = lowercase;
  }

  /** Defaults: given vocab size, minFrequency 2, DEFAULT_SPECIAL_TOKENS, uncased. */
  public WordPieceTrainer(int vocabSize) {
    this(vocabSize, 2, DEFAULT_SPECIAL_TOKENS, true);
  }

  public int vocabSize() { return vocabSize; }

  public long minFrequency() { return minFrequency; }

  public List<String> specialTokens() { return specialTokens; }

  /** Words to count, exactly as the trained tokenizer pre-tokenizes: special tokens dropped, BERT-normalized and split. */
  public List<String> pretokenize(String text) {
    return assemble(new ArrayList<>(specialTokens)).pretokenize(text);
  }

  /** Learns the vocabulary from word counts (keys from {@link #pretokenize}); deterministic for the same input. */
  public Tokenizer train(Map<String, Long> wordCounts) {
    TreeSet<Integer> chars = new TreeSet<>();
    TreeSet<Integer> cont = new TreeSet<>();
    for (String w : wordCounts.keySet()) {
      for (int i = 0; i < w.length(); ) {
        int cp = w.codePointAt(i);
        (i == 0 ? chars : cont).add(cp);
        i += Character.charCount(cp);
      }
    }
    List<String> initial = new ArrayList<>(specialTokens);
    java.util.Set<String> seen = new java.util.HashSet<>(initial);
    for (int cp : chars) addOnce(initial, seen, new String(Character.toChars(cp)));
    for (int cp : cont) addOnce(initial, seen, PREFIX + new String(Character.toChars(cp)));
    MergeLoop.Result r = MergeLoop.run(initial, wordCounts, vocabSize, minFrequency, PREFIX);
    return assemble(r.vocab());
  }

  private static void addOnce(List<String> l, java.util.Set<String> seen, String t) {
    if (seen.add(t)) l.add(t);
  }

  private Tokenizer assemble(List<String> vocab) {
    List<AddedToken> added = new ArrayList<>();
    for (int i = 0; i < specialTokens.size(); i++) added.add(AddedToken.special(i, specialTokens.get(i)));
    int cls = specialTokens.indexOf("[CLS]");
    int sep = specialTokens.indexOf("[SEP]");
    TemplateProcessor post = cls >= 0 && sep >= 0 ? TemplateProcessor.bert("[CLS]", cls, "[SEP]", sep) : null;
    return Tokenizer.of(new BertNormalizer(true, true, null, lowercase), new BertPreTokenizer(),
        new WordPieceModel(new Vocab(vocab), "[UNK]", PREFIX, 100), post, new WordPieceDecoder(PREFIX, true), added);
  }
}
