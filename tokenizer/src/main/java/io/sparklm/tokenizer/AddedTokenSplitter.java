package io.sparklm.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds added tokens in raw text, leftmost match first and the longest token on ties (as HF's Aho-Corasick). */
final class AddedTokenSplitter {
  /** Receives text segments [start, end) and matched added tokens, in order. */
  interface Sink {
    void text(int start, int end);

    void token(AddedToken token);
  }

  private final boolean[] asciiFirst = new boolean[128];
  private final Map<Character, List<AddedToken>> byFirst = new HashMap<>();
  /** The distinct first chars when there are few (then found with String.indexOf, a vectorized scan), else null. */
  private final char[] firsts;
  private static final int MAX_INDEXOF_FIRSTS = 4;

  AddedTokenSplitter(List<AddedToken> tokens) {
    for (AddedToken t : tokens) {
      char c = t.content().charAt(0);
      if (c < 128) asciiFirst[c] = true;
      byFirst.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
    }
    for (List<AddedToken> l : byFirst.values()) l.sort(Comparator.comparingInt((AddedToken t) -> -t.content().length()));
    if (byFirst.size() <= MAX_INDEXOF_FIRSTS) {
      firsts = new char[byFirst.size()];
      int k = 0;
      for (char c : byFirst.keySet()) firsts[k++] = c;
    } else {
      firsts = null;
    }
  }

  /** Index of the first char at or after from that starts some added token, or -1 (few first chars only). */
  private int nextCandidate(String text, int from, int[] next) {
    int best = -1;
    for (int k = 0; k < firsts.length; k++) {
      if (next[k] >= 0 && next[k] < from) next[k] = text.indexOf(firsts[k], from);
      if (next[k] >= 0 && (best < 0 || next[k] < best)) best = next[k];
    }
    return best;
  }

  void split(String text, Sink sink) {
    if (byFirst.isEmpty()) {
      if (!text.isEmpty()) sink.text(0, text.length());
      return;
    }
    int segStart = 0;
    int n = text.length();
    int[] next = null;
    if (firsts != null) {
      next = new int[firsts.length];
      for (int k = 0; k < firsts.length; k++) next[k] = text.indexOf(firsts[k]);
    }
    for (int i = 0; i < n; i++) {
      if (next != null) {
        i = nextCandidate(text, i, next);
        if (i < 0) break;
      }
      char c = text.charAt(i);
      if (c < 128 ? !asciiFirst[c] : !byFirst.containsKey(c)) continue;
      List<AddedToken> cands = byFirst.get(c);
      for (AddedToken t : cands) {
        if (text.startsWith(t.content(), i)) {
          if (i > segStart) sink.text(segStart, i);
          sink.token(t);
          i += t.content().length() - 1;
          segStart = i + 1;
          break;
        }
      }
    }
    if (segStart < n) sink.text(segStart, n);
  }
}
