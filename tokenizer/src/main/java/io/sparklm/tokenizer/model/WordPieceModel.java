package io.sparklm.tokenizer.model;

import io.sparklm.tokenizer.util.IntList;

/**
 * HF "WordPiece" model: greedy longest-match-first over code points, continuation pieces carry the prefix ("##");
 * a word longer than maxInputCharsPerWord chars, or with any unmatched remainder, becomes the single unk token.
 */
public final class WordPieceModel implements Model {
  private final Vocab vocab;
  private final String unkToken;
  private final int unkId;
  private final String prefix;
  private final int maxInputCharsPerWord;

  public WordPieceModel(Vocab vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
    this.vocab = vocab;
    this.unkToken = unkToken;
    this.unkId = vocab.id(unkToken);
    if (unkId < 0) throw new IllegalArgumentException("WordPiece unk_token '" + unkToken + "' is not in the vocab");
    this.prefix = continuingSubwordPrefix;
    this.maxInputCharsPerWord = maxInputCharsPerWord;
  }

  public Vocab vocab() { return vocab; }

  public String unkToken() { return unkToken; }

  public String prefix() { return prefix; }

  public int maxInputCharsPerWord() { return maxInputCharsPerWord; }

  @Override public int tokenToId(String token) { return vocab.id(token); }
  @Override public String idToToken(int id) { return vocab.token(id); }
  @Override public int vocabSize() { return vocab.size(); }
  @Override public String type() { return "wordpiece"; }

  @Override
  public void encodeWord(String word, IntList out) {
    int len = word.length();
    if (word.codePointCount(0, len) > maxInputCharsPerWord) {
      out.add(unkId);
      return;
    }
    int mark = out.size();
    int start = 0;
    StringBuilder sb = new StringBuilder(len + prefix.length());
    while (start < len) {
      int end = len;
      int found = -1;
      while (start < end) {
        sb.setLength(0);
        if (start > 0) sb.append(prefix);
        sb.append(word, start, end);
        int id = vocab.id(sb.toString());
        if (id >= 0) {
          found = id;
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found < 0) {
        out.truncate(mark); // the whole word becomes unk
        out.add(unkId);
        return;
      }
      out.add(found);
      start = end;
    }
  }
}
