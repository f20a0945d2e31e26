package io.sparklm.tokenizer.decode;

import java.util.List;

/** Turns token strings back into text; immutable and thread-safe. */
public interface Decoder {
  String decode(List<String> tokens);
}
