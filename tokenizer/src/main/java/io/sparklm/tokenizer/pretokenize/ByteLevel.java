package io.sparklm.tokenizer.pretokenize;

import java.util.function.Consumer;

/**
 * HF "ByteLevel" pre-tokenizer: optional prefix space, GPT-2 regex split, then each piece's UTF-8 bytes mapped to
 * GPT-2's printable byte alphabet (byte b -> one char, e.g. ' ' -> 'Ġ').
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PreTokenizer {
  /** BYTE_TO_CHAR[b & 0xff] is the alphabet char of byte b. */
  public static final char[] BYTE_TO_CHAR = new char[256];
  /** CHAR_TO_BYTE[c] is the byte for alphabet char c (c < 324), or -1. */
  public static final int[] CHAR_TO_BYTE = new int[324];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      char c = printable ? (char) b : (char) (256 + n++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  /** GPT-2 defaults: no prefix space, trim offsets, regex split. */
  public static ByteLevel gpt2() { return new ByteLevel(false, true, true); }

  @Override
  public void split(String text, Consumer<String> out) {
    char[] s = (addPrefixSpace && !text.startsWith(" ") ? " " + text : text).toCharArray();
    if (!useRegex) {
      if (s.length > 0) out.accept(mapBytes(s, 0, s.length));
      return;
    }
    StringBuilder sb = new StringBuilder(32);
    Gpt2Splitter.split(s, 0, s.length, (a, b) -> out.accept(mapBytes(s, a, b, sb)));
  }

  /** Maps s[from,to) to the byte-level alphabet (unpaired surrogates become '?', as Java's UTF-8 encoder does). */
  public static String mapBytes(char[] s, int from, int to) {
    return mapBytes(s, from, to, new StringBuilder(to - from + 8));
  }

  static String mapBytes(char[] s, int from, int to, StringBuilder sb) {
    sb.setLength(0);
    for (int i = from; i < to; ) {
      char c = s[i];
      if (c < 0x80) {
        sb.append(BYTE_TO_CHAR[c]);
        i++;
        continue;
      }
      int cp;
      if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s[i + 1])) {
        cp = Character.toCodePoint(c, s[i + 1]);
        i += 2;
      } else {
        cp = Character.isSurrogate(c) ? '?' : c;
        i++;
      }
      if (cp < 0x80) {
        sb.append(BYTE_TO_CHAR[cp]);
      } else if (cp < 0x800) {
        sb.append(BYTE_TO_CHAR[0xC0 | (cp >> 6)]).append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
      } else if (cp < 0x10000) {
        sb.append(BYTE_TO_CHAR[0xE0 | (cp >> 12)]).append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)])
            .append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
      } else {
        sb.append(BYTE_TO_CHAR[0xF0 | (cp >> 18)]).append(BYTE_TO_CHAR[0x80 | ((cp >> 12) & 0x3F)])
            .append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)]).append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
      }
    }
    return sb.toString();
  }

  /** The 256 alphabet chars as one-char strings, in byte order. */
  public static java.util.List<String> alphabet() {
    java.util.List<String> a = new java.util.ArrayList<>(256);
    for (int b = 0; b < 256; b++) a.add(String.valueOf(BYTE_TO_CHAR[b]));
    return a;
  }
}
