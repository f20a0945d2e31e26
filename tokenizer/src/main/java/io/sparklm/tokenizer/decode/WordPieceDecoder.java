package io.sparklm.tokenizer.decode;

import java.util.List;

/** HF "WordPiece" decoder: joins with spaces, glues prefix ("##") pieces, optional HF cleanup of spaces before punctuation. */
public record WordPieceDecoder(String prefix, boolean cleanup) implements Decoder {
  @Override
  public String decode(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (i != 0) t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
      sb.append(cleanup ? cleanup(t) : t);
    }
    return sb.toString();
  }

  /** HF's cleanup of tokenization spaces, applied per token as HF does. */
  public static String cleanup(String s) {
    return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
        .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
        .replace(" 've", "'ve").replace(" 're", "'re");
  }
}
