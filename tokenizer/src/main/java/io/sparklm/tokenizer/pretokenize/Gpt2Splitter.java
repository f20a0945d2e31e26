package io.sparklm.tokenizer.pretokenize;

import io.sparklm.tokenizer.util.UnicodeWhitespace;

/**
 * Hand-written equivalent of GPT-2's split regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} with \s = Unicode White_Space,
 * \p{L} = Lu/Ll/Lt/Lm/Lo, \p{N} = Nd/Nl/No, over code points (an unpaired surrogate counts as "other").
 */
public final class Gpt2Splitter {
  /** Receives [start, end) char ranges of the input string, in order, covering it exactly. */
  public interface RangeSink {
    void range(int start, int end);
  }

  static final byte L = 1, N = 2, WS = 3, O = 4;
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) ASCII[c] = classifySlow(c);
  }

  private Gpt2Splitter() {}

  private static byte classifySlow(int cp) {
    if (UnicodeWhitespace.is(cp)) return WS;
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER: case Character.LOWERCASE_LETTER: case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER: case Character.OTHER_LETTER:
        return L;
      case Character.DECIMAL_DIGIT_NUMBER: case Character.LETTER_NUMBER: case Character.OTHER_NUMBER:
        return N;
      default:
        return O;
    }
  }

  static byte classify(int cp) {
    return cp < 128 ? ASCII[cp] : classifySlow(cp);
  }

  /**
   * Splits s[from, to) and reports each piece to the sink. Works on a char[] (callers copy a String once with
   * toCharArray): String.charAt branches on the string's coder and bounds per char, and in some JIT compilations
   * of this loop that cost 14% of encode time on UTF-16 strings.
   */
  public static void split(char[] s, int from, int to, RangeSink sink) {
    int i = from;
    while (i < to) {
      char c = s[i];
      if (c == '\'' && i + 1 < to) {
        char d = s[i + 1];
        int len = 0;
        if (d == 's' || d == 't' || d == 'm' || d == 'd') {
          len = 2;
        } else if (i + 2 < to) {
          char e = s[i + 2];
          if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) len = 3;
        }
        if (len > 0) {
          sink.range(i, i + len);
          i += len;
          continue;
        }
      }
      int cp = c < 0xD800 ? c : Character.codePointAt(s, i);
      byte k = classify(cp);
      int j = i;
      if (c == ' ' && i + 1 < to) {
        int cp2 = Character.codePointAt(s, i + 1);
        byte k2 = classify(cp2);
        if (k2 != WS) {
          j = i + 1;
          k = k2;
          cp = cp2;
        }
      }
      if (k != WS) {
        int e = j + Character.charCount(cp);
        while (e < to) {
          char ce = s[e];
          int cpe = ce < 0xD800 ? ce : Character.codePointAt(s, e);
          if (classify(cpe) != k) break;
          e += Character.charCount(cpe);
        }
        sink.range(i, e);
        i = e;
      } else {
        int e = i + 1; // whitespace code points are all in the BMP
        while (e < to && UnicodeWhitespace.is(s[e])) e++;
        if (e == to || e - i == 1) {
          sink.range(i, e);
          i = e;
        } else {
          sink.range(i, e - 1);
          i = e - 1;
        }
      }
    }
  }
}
