package io.sparklm.tokenizer.model;

import io.sparklm.tokenizer.util.IntList;
import io.sparklm.tokenizer.util.LongIntMap;
import io.sparklm.tokenizer.util.PieceCache;
import java.util.HashMap;
import java.util.List;

/**
 * HF "BPE" model: the word's chars are mapped to ids, then the lowest-rank adjacent pair is merged repeatedly
 * (leftmost on ties), exactly as HF tokenizers. Chars missing from the vocab become unk (fused if fuseUnk) or are
 * dropped when there is no unk token, like HF. Per-thread bounded word cache; the model itself is immutable.
 */
public final class BpeModel implements Model {
  private static final int SMALL = 64;
  private static final int CACHE_MAX_ENTRIES = 1 << 16;
  private static final int CACHE_MAX_WORD = 128;

  private final Vocab vocab;
  private final List<String[]> merges;
  private final LongIntMap pairRank;
  private final int[] mergeResult;
  private final int[] charIdLow = new int[512];
  private final HashMap<Integer, Integer> charIdHigh = new HashMap<>();
  private final String unkToken;
  private final int unkId;
  private final boolean fuseUnk;
  private final boolean ignoreMerges;
  private final ThreadLocal<HashMap<String, int[]>> cache = ThreadLocal.withInitial(() -> new HashMap<>(4096));
  private final ThreadLocal<PieceCache> rawCache = ThreadLocal.withInitial(() -> new PieceCache(CACHE_MAX_ENTRIES, CACHE_MAX_WORD));

  /** merges.get(r) = {left, right}, rank r; both parts and their concatenation must be in the vocab. */
  public BpeModel(Vocab vocab, List<String[]> merges, String unkToken, boolean fuseUnk, boolean ignoreMerges) {
    this.vocab = vocab;
    this.merges = List.copyOf(merges);
    this.unkToken = unkToken;
    this.unkId = unkToken == null ? -1 : vocab.id(unkToken);
    if (unkToken != null && unkId < 0) throw new IllegalArgumentException("BPE unk_token '" + unkToken + "' is not in the vocab");
    this.fuseUnk = fuseUnk;
    this.ignoreMerges = ignoreMerges;
    this.pairRank = new LongIntMap(merges.size());
    this.mergeResult = new int[merges.size()];
    for (int r = 0; r < merges.size(); r++) {
      String[] m = merges.get(r);
      int a = vocab.id(m[0]);
      int b = vocab.id(m[1]);
      int c = vocab.id(m[0] + m[1]);
      if (a < 0 || b < 0) throw new IllegalArgumentException("BPE merge #" + r + " '" + m[0] + " " + m[1] + "' uses a token missing from the vocab");
      if (c < 0) throw new IllegalArgumentException("BPE merge #" + r + " result '" + m[0] + m[1] + "' is missing from the vocab");
      long key = pair(a, b);
      if (pairRank.get(key) < 0) pairRank.put(key, r); // first occurrence wins, like HF
      mergeResult[r] = c;
    }
    java.util.Arrays.fill(charIdLow, -1);
    for (int id = 0; id < vocab.size(); id++) {
      String t = vocab.token(id);
      if (t.codePointCount(0, t.length()) == 1) {
        int cp = t.codePointAt(0);
        if (cp < charIdLow.length) charIdLow[cp] = id;
        else charIdHigh.put(cp, id);
      }
    }
  }

  private static long pair(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

  public Vocab vocab() { return vocab; }

  public List<String[]> merges() { return merges; }

  public String unkToken() { return unkToken; }

  public boolean fuseUnk() { return fuseUnk; }

  public boolean ignoreMerges() { return ignoreMerges; }

  @Override public int tokenToId(String token) { return vocab.id(token); }
  @Override public String idToToken(int id) { return vocab.token(id); }
  @Override public int vocabSize() { return vocab.size(); }
  @Override public String type() { return "bpe"; }

  private int charId(int cp) {
    if (cp < charIdLow.length) return charIdLow[cp];
    Integer id = charIdHigh.get(cp);
    return id == null ? -1 : id;
  }

  @Override
  public void encodeWord(String word, IntList out) {
    if (word.isEmpty()) return;
    boolean cacheable = word.length() <= CACHE_MAX_WORD;
    HashMap<String, int[]> c = null;
    if (cacheable) {
      c = cache.get();
      int[] hit = c.get(word);
      if (hit != null) {
        out.addAll(hit);
        return;
      }
    }
    int[] ids = encodeUncached(word);
    if (cacheable) {
      if (c.size() >= CACHE_MAX_ENTRIES) c.clear();
      c.put(word, ids);
    }
    out.addAll(ids);
  }

  /**
   * Byte-level fast path bound to the calling thread's raw-piece cache: fetch one per text (a ThreadLocal lookup costs
   * a hash probe per call, and in Spark's task threads, which carry many thread locals, it missed into a linear
   * probe on ~7% of the encode samples when it was done per word); use it on that thread only.
   */
  public RawEncoder rawEncoder() {
    return new RawEncoder(rawCache.get());
  }

  /** Encodes raw text pieces as if first mapped with ByteLevel.mapBytes; cache hits skip the byte mapping. */
  public final class RawEncoder {
    private final PieceCache c;

    private RawEncoder(PieceCache c) { this.c = c; }

    /** Appends the ids of the raw piece s[from, to) to out. */
    public void encode(char[] s, int from, int to, IntList out) {
      if (!c.fits(from, to)) {
        out.addAll(encodeUncached(io.sparklm.tokenizer.pretokenize.ByteLevel.mapBytes(s, from, to)));
        return;
      }
      int h = PieceCache.hash(s, from, to);
      if (c.appendIfPresent(s, from, to, h, out)) return;
      int[] ids = encodeUncached(io.sparklm.tokenizer.pretokenize.ByteLevel.mapBytes(s, from, to));
      c.put(s, from, to, h, ids);
      out.addAll(ids);
    }
  }

  private int[] encodeUncached(String word) {
    if (ignoreMerges) {
      int id = vocab.id(word);
      if (id >= 0) return new int[] {id};
    }
    int[] sym = new int[word.length()];
    int n = 0;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      i += Character.charCount(cp);
      int id = charId(cp);
      if (id < 0) {
        if (unkId < 0) continue;
        if (fuseUnk && n > 0 && sym[n - 1] == unkId) continue;
        id = unkId;
      }
      sym[n++] = id;
    }
    n = n <= SMALL ? mergeSmall(sym, n) : mergeHeap(sym, n);
    return java.util.Arrays.copyOf(sym, n);
  }

  /** Quadratic-but-tiny loop for short words: keeps the rank of each adjacent pair in an array. */
  private int mergeSmall(int[] sym, int n) {
    if (n < 2) return n;
    int[] rank = new int[n];
    for (int i = 0; i + 1 < n; i++) rank[i] = rankOf(sym[i], sym[i + 1]);
    rank[n - 1] = Integer.MAX_VALUE;
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      int pos = -1;
      for (int i = 0; i + 1 < n; i++) {
        if (rank[i] < best) {
          best = rank[i];
          pos = i;
        }
      }
      if (pos < 0) break;
      sym[pos] = mergeResult[best];
      System.arraycopy(sym, pos + 2, sym, pos + 1, n - pos - 2);
      System.arraycopy(rank, pos + 2, rank, pos + 1, n - pos - 2);
      n--;
      rank[n - 1] = Integer.MAX_VALUE;
      if (pos > 0) rank[pos - 1] = rankOf(sym[pos - 1], sym[pos]);
      rank[pos] = pos + 1 < n ? rankOf(sym[pos], sym[pos + 1]) : Integer.MAX_VALUE;
    }
    return n;
  }

  private int rankOf(int a, int b) {
    int r = pairRank.get(pair(a, b));
    return r < 0 ? Integer.MAX_VALUE : r;
  }

  /** O(n log n) merge for long words: linked symbols plus a heap of (rank, position), stale entries skipped. */
  private int mergeHeap(int[] sym, int n) {
    int[] next = new int[n];
    int[] prev = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    boolean[] dead = new boolean[n];
    long[] heap = new long[n];
    int hs = 0;
    for (int i = 0; i + 1 < n; i++) {
      int r = rankOf(sym[i], sym[i + 1]);
      if (r != Integer.MAX_VALUE) hs = push(heap, hs, ((long) r << 32) | i);
    }
    while (hs > 0) {
      long top = heap[0];
      hs = pop(heap, hs);
      int r = (int) (top >>> 32);
      int pos = (int) top;
      if (dead[pos] || next[pos] < 0 || rankOf(sym[pos], sym[next[pos]]) != r) continue;
      int right = next[pos];
      sym[pos] = mergeResult[r];
      dead[right] = true;
      next[pos] = next[right];
      if (next[pos] >= 0) prev[next[pos]] = pos;
      if (hs + 2 > heap.length) heap = java.util.Arrays.copyOf(heap, heap.length * 2 + 2);
      if (prev[pos] >= 0) {
        int rp = rankOf(sym[prev[pos]], sym[pos]);
        if (rp != Integer.MAX_VALUE) hs = push(heap, hs, ((long) rp << 32) | prev[pos]);
      }
      if (next[pos] >= 0) {
        int rn = rankOf(sym[pos], sym[next[pos]]);
        if (rn != Integer.MAX_VALUE) hs = push(heap, hs, ((long) rn << 32) | pos);
      }
    }
    int m = 0;
    for (int i = 0; i >= 0; i = next[i]) sym[m++] = sym[i];
    return m;
  }

  private static int push(long[] h, int size, long v) {
    int i = size;
    h[i] = v;
    while (i > 0) {
      int p = (i - 1) >> 1;
      if (h[p] <= v) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = v;
    return size + 1;
  }

  private static int pop(long[] h, int size) {
    size--;
    long v = h[size];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) break;
      int c = l + 1 < size && h[l + 1] < h[l] ? l + 1 : l;
      if (h[c] >= v) break;
      h[i] = h[c];
      i = c;
    }
    if (size > 0) h[i] = v;
    return size;
  }
}
