package io.sparklm.tokenizer.normalize;

import java.util.List;

/** Applies normalizers in order; HF type "Sequence". */
public record NormalizerSequence(List<Normalizer> normalizers) implements Normalizer {
  public NormalizerSequence {
    normalizers = List.copyOf(normalizers);
  }

  @Override
  public String normalize(String text) {
    for (Normalizer n : normalizers) text = n.normalize(text);
    return text;
  }
}
