package io.sparklm.tokenizer.pretokenize;

import java.util.function.Consumer;

/** Splits normalized text into "words" in the model's alphabet (second pipeline stage); immutable and thread-safe. */
public interface PreTokenizer {
  void split(String text, Consumer<String> out);
}
