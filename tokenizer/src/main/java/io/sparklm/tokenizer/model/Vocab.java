package io.sparklm.tokenizer.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Immutable dense token<->id table; ids must be exactly 0..size-1 with no duplicates. */
public final class Vocab {
  private final String[] tokens;
  private final Map<String, Integer> ids;

  /** tokens.get(i) is the token with id i. */
  public Vocab(List<String> tokens) {
    this.tokens = tokens.toArray(new String[0]);
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < this.tokens.length; i++) {
      if (this.tokens[i] == null) throw new IllegalArgumentException("vocab has no token for id " + i);
      if (ids.put(this.tokens[i], i) != null) throw new IllegalArgumentException("duplicate vocab token: " + this.tokens[i]);
    }
  }

  /** Builds from a token->id map whose ids must be dense 0..n-1. */
  public static Vocab fromMap(Map<String, Integer> map) {
    String[] t = new String[map.size()];
    for (Map.Entry<String, Integer> e : map.entrySet()) {
      int id = e.getValue();
      if (id < 0 || id >= t.length) throw new IllegalArgumentException("vocab id " + id + " of '" + e.getKey() + "' is not in 0.." + (t.length - 1));
      if (t[id] != null) throw new IllegalArgumentException("vocab id " + id + " used twice");
      t[id] = e.getKey();
    }
    return new Vocab(java.util.Arrays.asList(t));
  }

  public int id(String token) {
    Integer i = ids.get(token);
    return i == null ? -1 : i;
  }

  public String token(int id) { return id >= 0 && id < tokens.length ? tokens[id] : null; }

  public int size() { return tokens.length; }

  public List<String> tokens() { return List.of(tokens); }
}
