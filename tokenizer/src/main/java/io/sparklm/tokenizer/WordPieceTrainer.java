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
  /** Default cap on distinct initial chars, as HF's BertWordPieceTokenizer. */
  public static final int DEFAULT_LIMIT_ALPHABET = 1000;

  private final int vocabSize;
  private final long minFrequency;
  private final List<String> specialTokens;
  private final boolean lowercase;
  private final int limitAlphabet;

  /** Like the 5-argument constructor with limitAlphabet = DEFAULT_LIMIT_ALPHABET. */
  public WordPieceTrainer(int vocabSize, long minFrequency, List<String> specialTokens, boolean lowercase) {
    this(vocabSize, minFrequency, specialTokens, lowercase, DEFAULT_LIMIT_ALPHABET);
  }

  /**
   * specialTokens must contain "[UNK]"; the template needs "[CLS]" and "[SEP]" (omitted if absent). limitAlphabet keeps
   * the most frequent chars only (ties: smaller code point); other chars are dropped from training words (HF semantics).
   */
  public WordPieceTrainer(int vocabSize, long minFrequency, List<String> specialTokens, boolean lowercase, int limitAlphabet) {
    if (specialTokens == null) specialTokens = DEFAULT_SPECIAL_TOKENS;
    if (!specialTokens.contains("[UNK]")) throw new IllegalArgumentException("WordPiece special tokens must include [UNK]: " + specialTokens);
    if (new java.util.HashSet<>(specialTokens).size() != specialTokens.size()) throw new IllegalArgumentException("duplicate special tokens: " + specialTokens);
    if (vocabSize < specialTokens.size()) throw new IllegalArgumentException("vocabSize " + vocabSize + " is smaller than the special tokens");
    if (minFrequency < 1) throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
    this.vocabSize = vocabSize;
    this.minFrequency = minFrequency;
    this.specialTokens = List.copyOf(specialTokens);
    this.lowercase = lowercase;
    if (limitAlphabet < 1) throw new IllegalArgumentException("limitAlphabet must be >= 1, got " + limitAlphabet);
    this.limitAlphabet = limitAlphabet;
  }

  /** Uncased (BERT uncased style), limitAlphabet = DEFAULT_LIMIT_ALPHABET; specialTokens null means DEFAULT_SPECIAL_TOKENS. */
  public WordPieceTrainer(int vocabSize, long minFrequency, List<String> specialTokens) {
    this(vocabSize, minFrequency, specialTokens, true);
  }

  /** Defaults: given vocab size, minFrequency 2, DEFAULT_SPECIAL_TOKENS, uncased. */
  public WordPieceTrainer(int vocabSize) {
    this(vocabSize, 2, DEFAULT_SPECIAL_TOKENS, true);
  }

  public int vocabSize() { return vocabSize; }

  public long minFrequency() { return minFrequency; }

  public List<String> specialTokens() { return specialTokens; }

  public int limitAlphabet() { return limitAlphabet; }

  /** Words to count, exactly as the trained tokenizer pre-tokenizes: special tokens dropped, BERT-normalized and split. */
  public List<String> pretokenize(String text) {
    return assemble(new ArrayList<>(specialTokens)).pretokenize(text);
  }

  /** Learns the vocabulary from word counts (keys from {@link #pretokenize}); deterministic for the same input. */
  public Tokenizer train(Map<String, Long> wordCounts) {
    java.util.HashMap<Integer, Long> freq = new java.util.HashMap<>();
    for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
      String w = e.getKey();
      for (int i = 0; i < w.length(); ) {
        int cp = w.codePointAt(i);
        freq.merge(cp, e.getValue(), Long::sum);
        i += Character.charCount(cp);
      }
    }
    List<Integer> byFreq = new ArrayList<>(freq.keySet());
    byFreq.sort((a, b) -> {
      int c = Long.compare(freq.get(b), freq.get(a));
      return c != 0 ? c : Integer.compare(a, b);
    });
    java.util.Set<Integer> kept = new java.util.HashSet<>(byFreq.subList(0, Math.min(limitAlphabet, byFreq.size())));
    TreeSet<Integer> chars = new TreeSet<>();
    TreeSet<Integer> cont = new TreeSet<>();
    for (String w : wordCounts.keySet()) {
      for (int i = 0; i < w.length(); ) {
        int cp = w.codePointAt(i);
        if (kept.contains(cp)) (i == 0 ? chars : cont).add(cp);
        i += Character.charCount(cp);
      }
    }
    List<String> initial = new ArrayList<>(specialTokens);
    java.util.Set<String> seen = new java.util.HashSet<>(initial);
    for (int cp : chars) addOnce(initial, seen, new String(Character.toChars(cp)));
    for (int cp : cont) addOnce(initial, seen, PREFIX + new String(Character.toChars(cp)));
    MergeLoop.Result r = MergeLoop.run(initial, wordCounts, vocabSize, minFrequency, PREFIX, true);
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
