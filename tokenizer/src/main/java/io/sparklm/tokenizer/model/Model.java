package io.sparklm.tokenizer.model;

import io.sparklm.tokenizer.util.IntList;

/** Maps one pre-tokenized word to token ids (third pipeline stage); immutable and thread-safe. Ids are dense 0..vocabSize-1. */
public interface Model {
  /** Appends the ids of one word to out. */
  void encodeWord(String word, IntList out);

  /** -1 when absent. */
  int tokenToId(String token);

  /** null when out of range. */
  String idToToken(int id);

  int vocabSize();

  /** "bpe" or "wordpiece". */
  String type();
}
