package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Added-token splitting (leftmost match, longest token on ties) against a naive scan, both with few distinct first
 * chars (found by String.indexOf) and with many (scanned char by char).
 */
class AddedTokenSplitterTest {
  static List<String> split(AddedTokenSplitter sp, String text) {
    List<String> out = new ArrayList<>();
    sp.split(text, new AddedTokenSplitter.Sink() {
      @Override public void text(int start, int end) { out.add("T:" + text.substring(start, end)); }

      @Override public void token(AddedToken t) { out.add("A:" + t.content()); }
    });
    return out;
  }

  static List<String> naive(List<String> tokens, String text) {
    List<String> sorted = new ArrayList<>(tokens);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    List<String> out = new ArrayList<>();
    int seg = 0;
    int i = 0;
    outer:
    while (i < text.length()) {
      for (String t : sorted) {
        if (text.startsWith(t, i)) {
          if (i > seg) out.add("T:" + text.substring(seg, i));
          out.add("A:" + t);
          i += t.length();
          seg = i;
          continue outer;
        }
      }
      i++;
    }
    if (seg < text.length()) out.add("T:" + text.substring(seg));
    return out;
  }

  @Test
  void matchesANaiveScan() {
    List<List<String>> sets = List.of(
        List.of("<|endoftext|>", "[PAD]", "[MASK]"),
        List.of("<|endoftext|>", "<|end|>", "<", "\u00e9t\u00e9"),
        List.of("[A]", "[AB]", "<s>", "</s>", "\u4e2d", "x", "yy", "@@"));  // more first chars than the indexOf path takes
    Random rnd = new Random(3);
    String[] filler = {"a", " ", "[", "<", "|", "e", "\u00e9", "t", "\u4e2d", "AB]", "s>", "y", "@", "\n"};
    for (List<String> tokens : sets) {
      List<AddedToken> added = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) added.add(AddedToken.special(i, tokens.get(i)));
      AddedTokenSplitter sp = new AddedTokenSplitter(added);
      for (int n = 0; n < 3000; n++) {
        StringBuilder sb = new StringBuilder();
        int parts = rnd.nextInt(12);
        for (int p = 0; p < parts; p++) {
          sb.append(rnd.nextInt(4) == 0 ? tokens.get(rnd.nextInt(tokens.size())) : filler[rnd.nextInt(filler.length)]);
        }
        String text = sb.toString();
        assertEquals(naive(tokens, text), split(sp, text), text);
      }
    }
  }
}
