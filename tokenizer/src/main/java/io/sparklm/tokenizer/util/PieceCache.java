package io.sparklm.tokenizer.util;

import java.util.Arrays;

/**
 * Bounded map from a char range of a char[] (a pre-tokenized piece, at most {@code maxKeyChars} chars) to its token
 * ids, in flat arrays: an open-addressing slot table (4 ints per slot: hash, key offset, key and value lengths,
 * value offset) over one char arena for keys and one int arena for values. A lookup reads the piece in place (no
 * substring, no String hash, no boxing) and touches three arrays instead of HashMap's node, String, byte[] and int[].
 * When it holds {@code maxEntries} pieces or an arena is full it starts over empty. One instance per thread.
 */
public final class PieceCache {
  private final int maxKeyChars;
  private final int maxEntries;
  private final int mask;
  private final int[] slots;       // per slot: hash, keyOff, keyLen << 16 | valLen (0 = empty), valOff
  private final char[] keys;
  private final int[] values;
  private int entries;
  private int keyEnd;
  private int valueEnd;

  /** maxEntries pieces of up to maxKeyChars chars (at most 65535) each. */
  public PieceCache(int maxEntries, int maxKeyChars) {
    if (maxEntries < 1 || maxKeyChars < 1 || maxKeyChars > 0xFFFF) {
      throw new IllegalArgumentException("bad PieceCache bounds " + maxEntries + ", " + maxKeyChars);
    }
    this.maxKeyChars = maxKeyChars;
    this.maxEntries = maxEntries;
    int cap = Integer.highestOneBit(maxEntries * 2 - 1) << 1;  // load factor <= 0.5
    this.mask = cap - 1;
    this.slots = new int[cap * 4];
    this.keys = new char[maxEntries * 8];
    this.values = new int[maxEntries * 4];
  }

  /** Hash of s[from, to), to pass to {@link #appendIfPresent} and {@link #put}. */
  public static int hash(char[] s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) h = 31 * h + s[i];
    h *= 0x9E3779B1;
    return h ^ (h >>> 15);
  }

  /** True if pieces of this length can be cached. */
  public boolean fits(int from, int to) {
    return to - from <= maxKeyChars;
  }

  /** Appends the cached ids of s[from, to) to out and returns true, or returns false when it is not cached. */
  public boolean appendIfPresent(char[] s, int from, int to, int hash, IntList out) {
    int len = to - from;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int b = i << 2;
      int lens = slots[b + 2];
      if (lens == 0) return false;
      if (slots[b] == hash && lens >>> 16 == len && sameKey(slots[b + 1], s, from, len)) {
        out.addAll(values, slots[b + 3], lens & 0xFFFF);
        return true;
      }
    }
  }

  private boolean sameKey(int off, char[] s, int from, int len) {
    for (int k = 0; k < len; k++) {
      if (keys[off + k] != s[from + k]) return false;
    }
    return true;
  }

  /**
   * Caches ids for s[from, to) (a piece not cached yet, that {@link #fits}); a piece or ids larger than the arenas
   * (8 chars and 4 ids per entry on average) or ids longer than 65535 are not kept.
   */
  public void put(char[] s, int from, int to, int hash, int[] ids) {
    int len = to - from;
    if (len == 0 || len > maxKeyChars || ids.length > 0xFFFF) return;
    if (entries >= maxEntries || keyEnd + len > keys.length || valueEnd + ids.length > values.length) clear();
    if (len > keys.length || ids.length > values.length) return;  // larger than an empty arena (tiny bounds only)
    int i = hash & mask;
    while (slots[(i << 2) + 2] != 0) i = (i + 1) & mask;
    int b = i << 2;
    slots[b] = hash;
    slots[b + 1] = keyEnd;
    slots[b + 2] = len << 16 | ids.length;
    slots[b + 3] = valueEnd;
    System.arraycopy(s, from, keys, keyEnd, len);
    keyEnd += len;
    System.arraycopy(ids, 0, values, valueEnd, ids.length);
    valueEnd += ids.length;
    entries++;
  }

  /** Number of cached pieces. */
  public int size() {
    return entries;
  }

  /** Drops every entry. */
  public void clear() {
    Arrays.fill(slots, 0);
    entries = 0;
    keyEnd = 0;
    valueEnd = 0;
  }
}
