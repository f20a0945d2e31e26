package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparklm.tokenizer.model.BpeModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BPE and WordPiece trainers: conventions, deterministic tie-breaking, stopping rules, round trips. */
class TrainerTest {
  @Test
  void bpeMergesHighestCountFirstThenSmallestPairIds() {
    // counts: "ab" pair 10 (from "ab" x5 + "abab" x... ) ; tie between (c,d) and (e,f) resolved by smaller ids
    Map<String, Long> words = new HashMap<>();
    words.put("ab", 10L);
    words.put("cd", 4L);
    words.put("ef", 4L);
    Tokenizer t = new BpeTrainer(300, 1, List.of("<|endoftext|>", "[PAD]", "[MASK]"), false).train(words);
    List<String[]> merges = ((BpeModel) t.model()).merges();
    assertEquals(3, merges.size());
    assertEquals("a b", merges.get(0)[0] + " " + merges.get(0)[1]);
    assertEquals("c d", merges.get(1)[0] + " " + merges.get(1)[1]);
    assertEquals("e f", merges.get(2)[0] + " " + merges.get(2)[1]);
    assertEquals(0, t.tokenToId("<|endoftext|>"));
    assertEquals(1, t.tokenToId("[PAD]"));
    assertEquals(2, t.tokenToId("[MASK]"));
    assertEquals(3 + 256 + 3, t.vocabSize());
    assertArrayEquals(new int[] {t.tokenToId("ab"), t.tokenToId("cd")}, t.encode("abcd", false));
  }

  @Test
  void minFrequencyStopsMergingAndVocabSizeIsRespected() {
    Map<String, Long> words = Map.of("aaaa", 3L, "bc", 1L);
    Tokenizer t = new BpeTrainer(300, 2, null, false).train(words);
    List<String[]> merges = ((BpeModel) t.model()).merges();
    assertEquals(List.of("a a", "aa aa"), merges.stream().map(m -> m[0] + " " + m[1]).toList());
    Tokenizer small = new BpeTrainer(260, 1, null, false).train(words);
    assertEquals(260, small.vocabSize());
    assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(100));
  }

  @Test
  void trainingIgnoresMapIterationOrder() throws Exception {
    BpeTrainer tr = new BpeTrainer(600, 2, null, false);
    Map<String, Long> sorted = Golden.countWords(tr::pretokenize, Golden.texts());
    List<String> keys = new ArrayList<>(sorted.keySet());
    Collections.shuffle(keys, new java.util.Random(3));
    Map<String, Long> shuffled = new LinkedHashMap<>();
    for (String k : keys) shuffled.put(k, sorted.get(k));
    assertEquals(tr.train(sorted).toJson(), tr.train(shuffled).toJson());
    WordPieceTrainer wp = new WordPieceTrainer(600);
    Map<String, Long> wsorted = Golden.countWords(wp::pretokenize, Golden.texts());
    Map<String, Long> wshuffled = new HashMap<>(wsorted);
    assertEquals(wp.train(wsorted).toJson(), wp.train(wshuffled).toJson());
  }

  @Test
  void trainedBpeRoundTripsAndRejectsWordsOutsideTheByteAlphabet() throws Exception {
    BpeTrainer tr = new BpeTrainer(500);
    Tokenizer t = tr.train(Golden.countWords(tr::pretokenize, Golden.texts()));
    for (String s : Golden.texts()) assertEquals(s, t.decode(t.encode(s, false), false));
    assertEquals("bpe", t.type());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tr.train(Map.of("hello world", 1L)));
    assertTrue(e.getMessage().contains("outside the initial alphabet"), e.getMessage());
  }

  @Test
  void wordPieceConventionsAndEncoding() throws Exception {
    WordPieceTrainer tr = new WordPieceTrainer(700, 2, WordPieceTrainer.DEFAULT_SPECIAL_TOKENS, true, 150);
    Tokenizer t = tr.train(Golden.countWords(tr::pretokenize, Golden.texts()));
    assertEquals("wordpiece", t.type());
    // the alphabet is capped, so merges fill the vocabulary exactly; without the cap the rare chars alone exceed it
    Tokenizer uncapped = new WordPieceTrainer(700, 2, null, true, 100_000).train(Golden.countWords(tr::pretokenize, Golden.texts()));
    assertTrue(uncapped.vocabSize() > 700, "uncapped " + uncapped.vocabSize());
    String[] specials = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    for (int i = 0; i < specials.length; i++) assertEquals(i, t.tokenToId(specials[i]));
    assertEquals(700, t.vocabSize());
    int[] ids = t.encode("The whale!", true);
    assertEquals(2, ids[0]);
    assertEquals(3, ids[ids.length - 1]);
    assertEquals("the whale!", t.decode(ids, true));
    assertTrue(t.idToToken(ids[ids.length - 2]).equals("!"));
    // a word of unseen chars becomes [UNK]
    assertArrayEquals(new int[] {1}, t.encode("ꙮ", false));
    assertEquals(List.of("the", "whale", "!"), tr.pretokenize("The WHALE!"));
  }
}
