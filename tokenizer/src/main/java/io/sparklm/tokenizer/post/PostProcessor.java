package io.sparklm.tokenizer.post;

/** Adds special tokens around an encoded sequence (last pipeline stage); immutable and thread-safe. */
public interface PostProcessor {
  /** Returns ids with special tokens added when addSpecialTokens, else ids unchanged. */
  int[] process(int[] ids, boolean addSpecialTokens);

  /** Same for a pair of sequences (e.g. BERT next-sentence input). */
  int[] processPair(int[] a, int[] b, boolean addSpecialTokens);
}
