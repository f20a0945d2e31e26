package io.sparklm.tokenizer;

import java.util.Random;

/** Seeded random valid UTF-16 strings mixing ASCII, whitespace kinds, accents, combining marks, CJK, emoji (surrogate pairs). */
final class RandomText {
  private static final int[][] POOLS = {
    {'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'!', '/'}, {' ', ' '}, {' ', ' '}, {'\n', '\n'}, {'\t', '\t'}, {'\'', '\''},
    {0xA0, 0xA0}, {0x2000, 0x200A}, {0x3000, 0x3000}, {0xC0, 0xFF}, {0x300, 0x36F}, {0x391, 0x3A1}, {0x410, 0x44F},
    {0x4E00, 0x4FFF}, {0xAC00, 0xACFF}, {0x1F600, 0x1F64F}, {0x1F300, 0x1F3FF}, {0x20000, 0x200FF}, {0x0, 0x1F},
    {0x7F, 0x9F}, {0x200B, 0x200D}, {0x660, 0x669}, {0xE000, 0xE0FF}, {0xFFFD, 0xFFFD}, {0x10000, 0x10FFFF}
  };

  private RandomText() {}

  static String next(Random rnd, int maxCodePoints) {
    int n = rnd.nextInt(maxCodePoints + 1);
    StringBuilder sb = new StringBuilder(n * 2);
    for (int i = 0; i < n; i++) {
      int[] p = POOLS[rnd.nextInt(POOLS.length)];
      int cp = p[0] + rnd.nextInt(p[1] - p[0] + 1);
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
