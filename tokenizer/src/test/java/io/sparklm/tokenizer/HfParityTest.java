package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-identical ids and decodes versus HuggingFace tokenizers 0.23.2 (goldens from scripts/gen-tokenizer-goldens) on
 * messy text: HTML, e-mail, CJK, emoji, combining marks, NBSP, control chars, very long words and lines, special tokens.
 */
class HfParityTest {
  private static void check(Tokenizer tok, String golden) throws Exception {
    List<String> texts = Golden.texts();
    List<Golden.Expected> exp = Golden.expected(golden);
    assertEquals(texts.size(), exp.size(), golden + " line count");
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      Golden.Expected e = exp.get(i);
      String where = golden + " text #" + i + " " + abbrev(t);
      assertArrayEquals(e.idsPlain(), tok.encode(t, false), "ids without special tokens, " + where);
      assertArrayEquals(e.ids(), tok.encode(t, true), "ids with special tokens, " + where);
      assertEquals(e.decoded(), tok.decode(e.ids(), false), "decode, " + where);
      assertEquals(e.decodedSkip(), tok.decode(e.ids(), true), "decode skipping special tokens, " + where);
    }
  }

  private static String abbrev(String t) {
    String s = t.length() > 60 ? t.substring(0, 60) + "..." : t;
    return "'" + s.replace("\n", "\\n") + "'";
  }

  @Test
  void gpt2FullVocabularyMatchesHuggingFace() throws Exception {
    check(Golden.gpt2(), "gpt2.jsonl");
  }

  @Test
  void bertBaseUncasedMatchesHuggingFace() throws Exception {
    check(Golden.bert(), "bert.jsonl");
  }

  @Test
  void trainedBpeEncodesLikeHuggingFaceLoadingOurTokenizerJson() throws Exception {
    check(Tokenizer.fromJson(Golden.resource("trained-bpe.tokenizer.json")), "trained-bpe.jsonl");
  }

  @Test
  void trainedWordPieceEncodesLikeHuggingFaceLoadingOurTokenizerJson() throws Exception {
    check(Tokenizer.fromJson(Golden.resource("trained-wordpiece.tokenizer.json")), "trained-wordpiece.jsonl");
  }

  @Test
  void trainersReproduceTheCommittedTokenizerJsonByteForByte() throws Exception {
    assertEquals(Golden.resource("trained-bpe.tokenizer.json"), Golden.trainBpe().toJson());
    assertEquals(Golden.resource("trained-wordpiece.tokenizer.json"), Golden.trainWordPiece().toJson());
  }
}
