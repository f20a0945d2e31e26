package io.sparklm.tokenizer.util;

import java.util.Arrays;

/** Open-addressing hash map from long keys to int values; immutable after construction by convention. Missing key returns -1. */
public final class LongIntMap {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private int[] vals;
  private int mask;
  private int size;

  public LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    vals = new int[cap];
    Arrays.fill(keys, EMPTY);
    mask = cap - 1;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }

  public void put(long key, int value) {
    if (key == EMPTY) throw new IllegalArgumentException("reserved key");
    if ((size + 1) * 2 > keys.length) grow();
    int i = mix(key) & mask;
    while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & mask;
    if (keys[i] == EMPTY) size++;
    keys[i] = key;
    vals[i] = value;
  }

  public int get(long key) {
    int i = mix(key) & mask;
    long k;
    while ((k = keys[i]) != EMPTY) {
      if (k == key) return vals[i];
      i = (i + 1) & mask;
    }
    return -1;
  }

  public int size() { return size; }

  private void grow() {
    long[] ok = keys;
    int[] ov = vals;
    keys = new long[ok.length * 2];
    vals = new int[ok.length * 2];
    Arrays.fill(keys, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < ok.length; i++) if (ok[i] != EMPTY) put(ok[i], ov[i]);
  }
}
