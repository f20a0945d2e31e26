package io.sparklm.tokenizer.post;

import io.sparklm.tokenizer.util.IntList;
import java.util.List;
import java.util.Map;

/**
 * HF "TemplateProcessing": templates are lists of pieces, either a special token (by name) or sequence "A"/"B", each
 * with a type id; e.g. single {@code [CLS] $A [SEP]}, pair {@code [CLS] $A [SEP] $B:1 [SEP]:1}.
 */
public record TemplateProcessor(List<Piece> single, List<Piece> pair, Map<String, int[]> specialTokens) implements PostProcessor {
  /** One template element: special token name (sequence == null) or sequence "A"/"B". */
  public record Piece(String specialToken, String sequence, int typeId) {
    public static Piece special(String name, int typeId) { return new Piece(name, null, typeId); }

    public static Piece seq(String id, int typeId) { return new Piece(null, id, typeId); }
  }

  public TemplateProcessor {
    single = List.copyOf(single);
    pair = List.copyOf(pair);
    specialTokens = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(specialTokens));
    for (List<Piece> t : List.of(single, pair)) {
      for (Piece p : t) {
        if (p.specialToken() != null && !specialTokens.containsKey(p.specialToken())) {
          throw new IllegalArgumentException("TemplateProcessing uses special token '" + p.specialToken() + "' missing from special_tokens");
        }
      }
    }
  }

  /** BERT template with the given [CLS]/[SEP] ids. */
  public static TemplateProcessor bert(String cls, int clsId, String sep, int sepId) {
    return new TemplateProcessor(
        List.of(Piece.special(cls, 0), Piece.seq("A", 0), Piece.special(sep, 0)),
        List.of(Piece.special(cls, 0), Piece.seq("A", 0), Piece.special(sep, 0), Piece.seq("B", 1), Piece.special(sep, 1)),
        new java.util.TreeMap<>(Map.of(cls, new int[] {clsId}, sep, new int[] {sepId})));
  }

  /** BOS/EOS template: single {@code BOS $A EOS}, pair {@code BOS $A EOS $B:1 EOS:1} (bos and eos may be the same token). */
  public static TemplateProcessor bosEos(String bos, int bosId, String eos, int eosId) {
    java.util.TreeMap<String, int[]> sp = new java.util.TreeMap<>();
    sp.put(bos, new int[] {bosId});
    sp.put(eos, new int[] {eosId});
    return new TemplateProcessor(
        List.of(Piece.special(bos, 0), Piece.seq("A", 0), Piece.special(eos, 0)),
        List.of(Piece.special(bos, 0), Piece.seq("A", 0), Piece.special(eos, 0), Piece.seq("B", 1), Piece.special(eos, 1)), sp);
  }

  @Override
  public int[] process(int[] ids, boolean addSpecialTokens) {
    return addSpecialTokens ? apply(single, ids, null) : ids;
  }

  @Override
  public int[] processPair(int[] a, int[] b, boolean addSpecialTokens) {
    if (!addSpecialTokens) {
      int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, r, a.length, b.length);
      return r;
    }
    return apply(pair, a, b);
  }

  private int[] apply(List<Piece> template, int[] a, int[] b) {
    IntList out = new IntList(a.length + (b == null ? 0 : b.length) + 4);
    for (Piece p : template) {
      if (p.specialToken() != null) out.addAll(specialTokens.get(p.specialToken()));
      else if ("A".equals(p.sequence())) out.addAll(a);
      else if (b != null) out.addAll(b);
    }
    return out.toArray();
  }
}
