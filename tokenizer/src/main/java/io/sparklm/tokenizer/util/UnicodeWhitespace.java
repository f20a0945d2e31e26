package io.sparklm.tokenizer.util;

/** The Unicode White_Space property (as Rust's {@code char::is_whitespace}, which HF tokenizers use), incl. \t \n \r. */
public final class UnicodeWhitespace {
  private UnicodeWhitespace() {}

  /** True if code point {@code cp} has the White_Space property. */
  public static boolean is(int cp) {
    switch (cp) {
      case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0: case 0x1680:
      case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }
}
