package io.sparklm.tokenizer.normalize;

/** NFD then removal of non-spacing marks (Unicode Mn); HF type "StripAccents" (HF applies it after an explicit NFD). */
public record StripAccents() implements Normalizer {
  @Override
  public String normalize(String text) {
    return apply(text);
  }

  public static String apply(String text) {
    String d = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD);
    StringBuilder sb = null;
    for (int i = 0; i < d.length(); ) {
      int cp = d.codePointAt(i);
      int len = Character.charCount(cp);
      if (Character.getType(cp) == Character.NON_SPACING_MARK) {
        if (sb == null) sb = new StringBuilder(d.length()).append(d, 0, i);
      } else if (sb != null) {
        sb.appendCodePoint(cp);
      }
      i += len;
    }
    return sb == null ? d : sb.toString();
  }
}
