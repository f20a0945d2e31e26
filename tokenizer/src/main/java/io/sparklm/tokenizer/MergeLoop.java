package io.sparklm.tokenizer;

import io.sparklm.tokenizer.util.IntList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Shared BPE merge loop of both trainers: incremental pair counts, pair -> words index and a lazy max-heap, so each
 * merge touches only the words containing the pair. Deterministic: highest count first, ties by smaller (left id, right id).
 */
final class MergeLoop {
  /** Learned vocabulary (id order) and merges as (left id, right id). */
  record Result(List<String> vocab, List<int[]> merges) {}

  private MergeLoop() {}

  /**
   * @param initial tokens with ids 0.. (specials, alphabet); every char symbol of every word must be among them
   * @param words word -> count (any order; processed in sorted order)
   * @param prefix continuation prefix for non-initial symbols (WordPiece "##"), or null (BPE)
   * @param skipUnknown drop chars outside the initial alphabet from words (as HF with limit_alphabet) instead of failing
   */
  static Result run(List<String> initial, Map<String, Long> words, int vocabSize, long minFrequency, String prefix,
      boolean skipUnknown) {
    List<String> vocab = new ArrayList<>(initial);
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i), i);
    TreeMap<String, Long> sorted = new TreeMap<>(words);
    int nw = sorted.size();
    int[][] sym = new int[nw][];
    int[] len = new int[nw];
    long[] cnt = new long[nw];
    int w = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      String word = e.getKey();
      if (e.getValue() == null || e.getValue() < 0) throw new IllegalArgumentException("negative count for word '" + word + "'");
      int[] s = new int[word.length()];
      int n = 0;
      for (int i = 0; i < word.length(); ) {
        int cp = word.codePointAt(i);
        String c = new String(Character.toChars(cp));
        String t = prefix != null && i > 0 ? prefix + c : c;
        Integer id = ids.get(t);
        i += Character.charCount(cp);
        if (id == null && skipUnknown) continue;
        if (id == null) throw new IllegalArgumentException("word '" + word + "' has symbol '" + t + "' outside the initial alphabet");
        s[n++] = id;
      }
      sym[w] = s;
      len[w] = n;
      cnt[w] = e.getValue();
      w++;
    }
    HashMap<Long, long[]> pairCount = new HashMap<>();
    HashMap<Long, IntList> pairWords = new HashMap<>();
    for (w = 0; w < nw; w++) {
      for (int i = 0; i + 1 < len[w]; i++) {
        long k = key(sym[w][i], sym[w][i + 1]);
        pairCount.computeIfAbsent(k, x -> new long[1])[0] += cnt[w];
        pairWords.computeIfAbsent(k, x -> new IntList(4)).add(w);
      }
    }
    PriorityQueue<long[]> pq = new PriorityQueue<>(Math.max(16, pairCount.size()), (x, y) -> {
      int c = Long.compare(y[0], x[0]);
      return c != 0 ? c : Long.compare(x[1], y[1]);
    });
    for (Map.Entry<Long, long[]> e : pairCount.entrySet()) if (e.getValue()[0] > 0) pq.add(new long[] {e.getValue()[0], e.getKey()});
    List<int[]> merges = new ArrayList<>();
    int[] stamp = new int[nw];
    java.util.Arrays.fill(stamp, -1);
    HashMap<Long, Long> delta = new HashMap<>();
    while (vocab.size() < vocabSize && !pq.isEmpty()) {
      long[] top = pq.poll();
      long[] curArr = pairCount.get(top[1]);
      long cur = curArr == null ? 0 : curArr[0];
      if (cur != top[0]) {
        if (cur > 0) pq.add(new long[] {cur, top[1]});
        continue;
      }
      if (cur < Math.max(1, minFrequency)) break;
      int a = (int) (top[1] >>> 32);
      int b = (int) top[1];
      String tb = vocab.get(b);
      String nt = vocab.get(a) + (prefix != null && tb.startsWith(prefix) ? tb.substring(prefix.length()) : tb);
      Integer nid = ids.get(nt);
      if (nid == null) {
        nid = vocab.size();
        vocab.add(nt);
        ids.put(nt, nid);
      }
      int mi = merges.size();
      merges.add(new int[] {a, b});
      delta.clear();
      IntList ws = pairWords.get(top[1]);
      for (int j = 0; j < ws.size(); j++) {
        int x = ws.get(j);
        if (stamp[x] == mi) continue;
        stamp[x] = mi;
        mergeWord(sym[x], len, x, a, b, nid, cnt[x], delta, pairWords);
      }
      for (Map.Entry<Long, Long> d : delta.entrySet()) {
        long[] c = pairCount.computeIfAbsent(d.getKey(), k -> new long[1]);
        c[0] += d.getValue();
      }
      for (Map.Entry<Long, Long> d : delta.entrySet()) {
        if (d.getValue() > 0) pq.add(new long[] {pairCount.get(d.getKey())[0], d.getKey()});
      }
    }
    return new Result(vocab, merges);
  }

  private static long key(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

  private static void mergeWord(int[] s, int[] len, int w, int a, int b, int nid, long count, HashMap<Long, Long> delta,
      HashMap<Long, IntList> pairWords) {
    int n = len[w];
    int i = 0;
    while (i + 1 < n) {
      if (s[i] == a && s[i + 1] == b) {
        if (i > 0) {
          add(delta, key(s[i - 1], a), -count);
          long k = key(s[i - 1], nid);
          add(delta, k, count);
          pairWords.computeIfAbsent(k, x -> new IntList(4)).add(w);
        }
        add(delta, key(a, b), -count);
        if (i + 2 < n) {
          add(delta, key(b, s[i + 2]), -count);
          long k = key(nid, s[i + 2]);
          add(delta, k, count);
          pairWords.computeIfAbsent(k, x -> new IntList(4)).add(w);
        }
        s[i] = nid;
        System.arraycopy(s, i + 2, s, i + 1, n - i - 2);
        n--;
      }
      i++;
    }
    len[w] = n;
  }

  private static void add(HashMap<Long, Long> m, long k, long v) {
    m.merge(k, v, Long::sum);
  }
}
