package io.sparklm.tokenizer.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PieceCache against a HashMap model: same answers for pieces read in place, bounded, starts over when full. */
class PieceCacheTest {
  @Test
  void agreesWithAHashMapUntilFullThenStartsOver() {
    Random rnd = new Random(7);
    PieceCache c = new PieceCache(50, 6);
    Map<String, int[]> model = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      // pieces from a 3-letter alphabet inside a longer string: many equal hashes' neighbours and prefixes
      String pre = "xy".repeat(rnd.nextInt(3));
      int len = 1 + rnd.nextInt(8);
      StringBuilder sb = new StringBuilder(pre);
      for (int i = 0; i < len; i++) sb.append("ab\u00e9".charAt(rnd.nextInt(3)));
      char[] s = sb.append("zz").toString().toCharArray();
      int from = pre.length(), to = from + len;
      String key = new String(s, from, len);
      IntList out = new IntList();
      out.add(-1);
      int h = PieceCache.hash(s, from, to);
      assertEquals(h, PieceCache.hash(key.toCharArray(), 0, key.length()), "hash depends only on the chars");
      boolean hit = c.appendIfPresent(s, from, to, h, out);
      if (hit) {
        int[] want = model.get(key);
        assertTrue(want != null, "hit for a key never put: " + key);
        assertEquals(want.length + 1, out.size());
        for (int i = 0; i < want.length; i++) assertEquals(want[i], out.get(i + 1));
      } else {
        assertEquals(1, out.size(), "a miss appends nothing");
        int[] ids = rnd.ints(rnd.nextInt(5), 0, 1000).toArray();
        if (!c.fits(from, to)) {
          assertTrue(len > 6);
          c.put(s, from, to, h, ids);
          assertFalse(c.appendIfPresent(s, from, to, h, new IntList()), "too long to cache");
          continue;
        }
        if (c.size() == 50) model.clear();  // the cache starts over on the next put
        c.put(s, from, to, h, ids);
        model.put(key, ids);
        assertEquals(model.size(), c.size());
      }
    }
  }

  @Test
  void tellsApartKeysWithTheSameHash() {
    // "Aa" and "BB" have the same polynomial hash, so all these keys of equal length collide
    char[][] keys = {"AaAaAaAa".toCharArray(), "AaAaAaBB".toCharArray(), "BBAaAaAa".toCharArray(),
        "AaBBAaBB".toCharArray(), "BBBBBBBB".toCharArray()};
    PieceCache c = new PieceCache(16, 8);
    for (int i = 0; i < keys.length; i++) {
      assertEquals(PieceCache.hash(keys[0], 0, 8), PieceCache.hash(keys[i], 0, 8));
      assertFalse(c.appendIfPresent(keys[i], 0, 8, PieceCache.hash(keys[i], 0, 8), new IntList()), new String(keys[i]));
      c.put(keys[i], 0, 8, PieceCache.hash(keys[i], 0, 8), new int[] {i, i});
    }
    for (int i = 0; i < keys.length; i++) {
      IntList out = new IntList();
      assertTrue(c.appendIfPresent(keys[i], 0, 8, PieceCache.hash(keys[i], 0, 8), out));
      assertArrayEquals(new int[] {i, i}, out.toArray(), new String(keys[i]));
    }
  }

  @Test
  void keepsEmptyValuesAndClears() {
    PieceCache c = new PieceCache(4, 10);
    char[] hello = "hello".toCharArray(), xel = "xel".toCharArray(), el = "el".toCharArray();
    c.put(hello, 1, 3, PieceCache.hash(hello, 1, 3), new int[0]);
    IntList out = new IntList();
    assertTrue(c.appendIfPresent(xel, 1, 3, PieceCache.hash(xel, 1, 3), out));
    assertEquals(0, out.size());
    c.clear();
    assertFalse(c.appendIfPresent(el, 0, 2, PieceCache.hash(el, 0, 2), out));
    assertArrayEquals(new int[0], out.toArray());
    // one entry: arenas of 8 chars and 4 ids; a piece or ids beyond them are encoded but not cached
    PieceCache tiny = new PieceCache(1, 10);
    char[] ten = "abcdefghij".toCharArray();
    tiny.put(ten, 0, 10, PieceCache.hash(ten, 0, 10), new int[] {1});
    assertFalse(tiny.appendIfPresent(ten, 0, 10, PieceCache.hash(ten, 0, 10), new IntList()));
    tiny.put(ten, 0, 3, PieceCache.hash(ten, 0, 3), new int[] {1, 2, 3, 4, 5});
    assertFalse(tiny.appendIfPresent(ten, 0, 3, PieceCache.hash(ten, 0, 3), new IntList()));
    tiny.put(ten, 0, 3, PieceCache.hash(ten, 0, 3), new int[] {1, 2, 3, 4});
    assertTrue(tiny.appendIfPresent(ten, 0, 3, PieceCache.hash(ten, 0, 3), new IntList()));
    assertThrows(IllegalArgumentException.class, () -> new PieceCache(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new PieceCache(10, 70_000));
  }
}
