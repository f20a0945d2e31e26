package io.sparklm.tokenizer.normalize;

/** Per-code-point full lowercase mapping as Rust's char::to_lowercase (no context-dependent final sigma); HF type "Lowercase". */
public record Lowercase() implements Normalizer {
  @Override
  public String normalize(String text) {
    return apply(text);
  }

  /** Lowercases each code point independently; U+0130 maps to "i\u0307" like Unicode's unconditional SpecialCasing. */
  public static String apply(String text) {
    int n = text.length();
    int i = 0;
    // fast path: nothing to change
    while (i < n) {
      char c = text.charAt(i);
      if (c < 0x80 ? (c >= 'A' && c <= 'Z') : true) break;
      i++;
    }
    if (i == n) return text;
    StringBuilder sb = new StringBuilder(n);
    sb.append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0x130) sb.append("i\u0307");
      else sb.appendCodePoint(Character.toLowerCase(cp));
    }
    return sb.toString();
  }
}
