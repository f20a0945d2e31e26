package io.sparklm.tokenizer.normalize;

import io.sparklm.tokenizer.util.UnicodeWhitespace;

/**
 * HF "BertNormalizer": clean text (drop NUL, U+FFFD and control/format/private-use chars, map whitespace to ' '),
 * pad CJK ideographs with spaces, strip accents (default: same as lowercase), lowercase. Steps run in that order.
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
    implements Normalizer {

  /** bert-base-uncased settings. */
  public static BertNormalizer uncased() { return new BertNormalizer(true, true, null, true); }

  @Override
  public String normalize(String text) {
    String s = text;
    if (cleanText || handleChineseChars) s = cleanAndPad(s);
    boolean strip = stripAccents == null ? lowercase : stripAccents;
    if (strip) s = StripAccents.apply(s);
    if (lowercase) s = Lowercase.apply(s);
    return s;
  }

  private String cleanAndPad(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cleanText) {
        if (cp == 0 || cp == 0xFFFD || isControl(cp)) continue;
        if (UnicodeWhitespace.is(cp)) {
          sb.append(' ');
          continue;
        }
      }
      if (handleChineseChars && isChineseChar(cp)) {
        sb.append(' ').appendCodePoint(cp).append(' ');
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  /**
   * Categories Cc, Cf, Co except \t \n \r: what HF's is_control (unicode_categories "is_other") matches in practice;
   * unassigned code points are kept. Java's tables are Unicode 13, HF's are older: format chars added after
   * Unicode 8 may differ.
   */
  public static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return false;
    int t = Character.getType(cp);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE;
  }

  /** CJK ideograph ranges exactly as HF tokenizers' bert normalizer. */
  public static boolean isChineseChar(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
