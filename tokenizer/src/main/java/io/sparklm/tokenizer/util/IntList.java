package io.sparklm.tokenizer.util;

import java.util.Arrays;

/** Growable int array (no boxing); not thread-safe, meant for one encode call. */
public final class IntList {
  private int[] a;
  private int n;

  public IntList() { this(16); }

  public IntList(int capacity) { a = new int[Math.max(4, capacity)]; }

  public void add(int v) {
    if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
    a[n++] = v;
  }

  public void addAll(int[] v) {
    ensure(n + v.length);
    System.arraycopy(v, 0, a, n, v.length);
    n += v.length;
  }

  public void addAll(int[] v, int from, int len) {
    ensure(n + len);
    System.arraycopy(v, from, a, n, len);
    n += len;
  }

  private void ensure(int cap) {
    if (cap > a.length) a = Arrays.copyOf(a, Math.max(cap, a.length * 2));
  }

  public int get(int i) { return a[i]; }

  public int size() { return n; }

  public void clear() { n = 0; }

  /** Drops elements from index size on. */
  public void truncate(int size) { n = Math.min(n, Math.max(0, size)); }

  public int[] toArray() { return Arrays.copyOf(a, n); }
}
