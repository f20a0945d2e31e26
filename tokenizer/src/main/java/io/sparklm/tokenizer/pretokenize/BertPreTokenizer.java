package io.sparklm.tokenizer.pretokenize;

import io.sparklm.tokenizer.util.UnicodeWhitespace;

import java.util.function.Consumer;

/** HF "BertPreTokenizer": splits on Unicode whitespace (dropped) and isolates each punctuation char (ASCII punct or Unicode P*). */
public record BertPreTokenizer() implements PreTokenizer {
  @Override
  public void split(String text, Consumer<String> out) {
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (UnicodeWhitespace.is(cp)) {
        if (start >= 0) out.accept(text.substring(start, i));
        start = -1;
      } else if (isPunctuation(cp)) {
        if (start >= 0) out.accept(text.substring(start, i));
        start = -1;
        out.accept(text.substring(i, i + len));
      } else if (start < 0) {
        start = i;
      }
      i += len;
    }
    if (start >= 0) out.accept(text.substring(start));
  }

  /** ASCII punctuation (includes symbols like $+<=>^`|~) or a Unicode punctuation category. */
  public static boolean isPunctuation(int cp) {
    if (cp < 128) {
      return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION: case Character.DASH_PUNCTUATION: case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION: case Character.INITIAL_QUOTE_PUNCTUATION: case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }
}
