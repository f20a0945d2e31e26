package io.sparklm.tokenizer.normalize;

/** Unicode normalization form NFC, NFD, NFKC or NFKD (HF types "NFC", "NFD", "NFKC", "NFKD"). */
public record UnicodeNormalizer(java.text.Normalizer.Form form) implements Normalizer {
  @Override
  public String normalize(String text) {
    return java.text.Normalizer.normalize(text, form);
  }

  /** HF type name, e.g. "NFKC". */
  public String typeName() { return form.name(); }
}
