package io.sparklm.tokenizer.post;

/** HF "ByteLevel" post-processor: only adjusts offsets in HF, so ids pass through unchanged. */
public record ByteLevelPostProcessor(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PostProcessor {
  @Override
  public int[] process(int[] ids, boolean addSpecialTokens) { return ids; }

  @Override
  public int[] processPair(int[] a, int[] b, boolean addSpecialTokens) {
    int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
