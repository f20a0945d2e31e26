package io.sparklm.tokenizer;

import io.sparklm.tokenizer.decode.ByteLevelDecoder;
import io.sparklm.tokenizer.model.BpeModel;
import io.sparklm.tokenizer.model.Vocab;
import io.sparklm.tokenizer.normalize.UnicodeNormalizer;
import io.sparklm.tokenizer.post.ByteLevelPostProcessor;
import io.sparklm.tokenizer.pretokenize.ByteLevel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Byte-level BPE trainer (GPT-2 style: optional NFC, ByteLevel pre-tokenizer without prefix space, ByteLevel decoder).
 * Input: counts of words from {@link #pretokenize} (byte-level alphabet). Vocab = special tokens (ids 0..), the 256
 * byte chars in code point order, then merges until vocabSize or the best pair count drops below minFrequency.
 * Immutable and Serializable (Spark can ship it to pre-tokenize on executors).
 */
public final class BpeTrainer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Default special tokens, ids 0, 1, 2. */
  public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of("<|endoftext|>", "[PAD]", "[MASK]");

  private final int vocabSize;
  private final long minFrequency;
  private final List<String> specialTokens;
  private final boolean nfc;

  /** @param vocabSize total vocab incl. specials and the 256 byte chars; @param minFrequency minimum pair count to merge */
  public BpeTrainer(int vocabSize, long minFrequency, List<String> specialTokens, boolean nfc) {
    if (specialTokens == null) specialTokens = DEFAULT_SPECIAL_TOKENS;
    if (vocabSize < 256 + specialTokens.size()) {
      throw new IllegalArgumentException("BPE vocabSize " + vocabSize + " must be >= 256 byte tokens + " + specialTokens.size() + " special tokens");
    }
    if (minFrequency < 1) throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
    if (new java.util.HashSet<>(specialTokens).size() != specialTokens.size()) throw new IllegalArgumentException("duplicate special tokens: " + specialTokens);
    this.vocabSize = vocabSize;
    this.minFrequency = minFrequency;
    this.specialTokens = List.copyOf(specialTokens);
    this.nfc = nfc;
  }

  /** No normalizer (GPT-2 style); specialTokens null means DEFAULT_SPECIAL_TOKENS. */
  public BpeTrainer(int vocabSize, long minFrequency, List<String> specialTokens) {
    this(vocabSize, minFrequency, specialTokens, false);
  }

  /** Defaults: given vocab size, minFrequency 2, DEFAULT_SPECIAL_TOKENS, no normalizer. */
  public BpeTrainer(int vocabSize) {
    this(vocabSize, 2, DEFAULT_SPECIAL_TOKENS, false);
  }

  public int vocabSize() { return vocabSize; }

  public long minFrequency() { return minFrequency; }

  public List<String> specialTokens() { return specialTokens; }

  public boolean nfc() { return nfc; }

  /** Words to count, exactly as the trained tokenizer will pre-tokenize: special tokens dropped, (NFC), byte-level split. */
  public List<String> pretokenize(String text) {
    return untrained().pretokenize(text);
  }

  private Tokenizer untrained() {
    List<String> v = new ArrayList<>(specialTokens);
    for (String c : alphabet()) if (!v.contains(c)) v.add(c);
    return assemble(v, List.of());
  }

  private static List<String> alphabet() {
    List<String> a = new ArrayList<>(ByteLevel.alphabet());
    a.sort(java.util.Comparator.comparingInt(s -> s.codePointAt(0)));
    return a;
  }

  /** Learns merges from word counts (keys from {@link #pretokenize}); deterministic for the same input. */
  public Tokenizer train(Map<String, Long> wordCounts) {
    List<String> initial = new ArrayList<>(specialTokens);
    for (String c : alphabet()) if (!initial.contains(c)) initial.add(c);
    MergeLoop.Result r = MergeLoop.run(initial, wordCounts, vocabSize, minFrequency, null, false);
    List<String[]> merges = new ArrayList<>(r.merges().size());
    for (int[] m : r.merges()) merges.add(new String[] {r.vocab().get(m[0]), r.vocab().get(m[1])});
    return assemble(r.vocab(), merges);
  }

  private Tokenizer assemble(List<String> vocab, List<String[]> merges) {
    List<AddedToken> added = new ArrayList<>();
    for (int i = 0; i < specialTokens.size(); i++) added.add(AddedToken.special(i, specialTokens.get(i)));
    return Tokenizer.of(nfc ? new UnicodeNormalizer(java.text.Normalizer.Form.NFC) : null, new ByteLevel(false, true, true),
        new BpeModel(new Vocab(vocab), merges, null, false, false), new ByteLevelPostProcessor(true, false, true),
        new ByteLevelDecoder(true, true, true), added);
  }
}
