package io.sparklm.tokenizer.normalize;

/** Text-to-text normalization step (first pipeline stage); implementations are immutable and thread-safe. */
public interface Normalizer {
  String normalize(String text);
}
