package io.sparklm.tokenizer;

/** HF added token (e.g. [CLS], <|endoftext|>): matched verbatim in raw text before normalization; flags kept for round-trips. */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
    boolean special) {
  public AddedToken {
    if (content == null || content.isEmpty()) throw new IllegalArgumentException("added token content must be non-empty");
    if (id < 0) throw new IllegalArgumentException("added token '" + content + "' has negative id " + id);
    if (singleWord || lstrip || rstrip) {
      throw new IllegalArgumentException("added token '" + content + "': single_word/lstrip/rstrip are not supported");
    }
  }

  /** A special, non-normalized token as the trainers here create them. */
  public static AddedToken special(int id, String content) {
    return new AddedToken(id, content, false, false, false, false, true);
  }
}
