package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tokenizer.json and legacy vocab file round trips; clear errors for unsupported or broken files. */
class TokenizerJsonTest {
  @TempDir Path tmp;

  @Test
  void toJsonFromJsonIsAFixedPointAndEncodesIdentically() throws Exception {
    for (Tokenizer t : List.of(Golden.gpt2(), Golden.bert())) {
      String json = t.toJson();
      Tokenizer back = Tokenizer.fromJson(json);
      assertEquals(json, back.toJson(), t.type() + " json must be stable");
      for (String s : Golden.texts()) assertArrayEquals(t.encode(s, true), back.encode(s, true));
    }
  }

  @Test
  void savedFileLoadsBack() throws Exception {
    Path f = tmp.resolve("sub/tokenizer.json");
    Golden.bert().save(f);
    assertEquals(Golden.bert().toJson(), Tokenizer.fromFile(f).toJson());
    try (var s = Files.list(f.getParent())) {
      assertEquals(1, s.count(), "no temp files left behind");
    }
  }

  @Test
  void bertLoadsWithTruncationAndPaddingDroppedAndSpecialsStable() throws Exception {
    Tokenizer bert = Golden.bert();
    assertEquals("wordpiece", bert.type());
    assertEquals(30522, bert.vocabSize());
    assertEquals(0, bert.tokenToId("[PAD]"));
    assertEquals(100, bert.tokenToId("[UNK]"));
    assertEquals(101, bert.tokenToId("[CLS]"));
    assertEquals(102, bert.tokenToId("[SEP]"));
    assertEquals(103, bert.tokenToId("[MASK]"));
    String longText = "word ".repeat(400);
    assertEquals(402, bert.encode(longText, true).length, "no truncation to 128");
    assertTrue(bert.toJson().contains("\"truncation\" : null"));
    int[] pair = bert.encodePair("hello", "world", true);
    assertArrayEquals(new int[] {101, bert.tokenToId("hello"), 102, bert.tokenToId("world"), 102}, pair);
    assertTrue(bert.startsWord(bert.tokenToId("hello")));
    assertTrue(!bert.startsWord(bert.tokenToId("##ing")));
    assertEquals(List.of("hello", ",", "cafe", "世", "界"), bert.pretokenize("Hello, Café世界[SEP]"));
  }

  private static String minimal(String normalizer, String pre, String model) {
    return "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":" + normalizer + ",\"pre_tokenizer\":" + pre
        + ",\"post_processor\":null,\"decoder\":null,\"model\":" + model + "}";
  }

  private static final String WP = "{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"[UNK]\":0,\"a\":1}}";

  @Test
  void unsupportedComponentsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tokenizer.fromJson(minimal("{\"type\":\"Precompiled\"}", "null", WP)));
    assertTrue(e.getMessage().contains("normalizer type 'Precompiled'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(minimal("null", "{\"type\":\"Metaspace\"}", WP)));
    assertTrue(e.getMessage().contains("pre_tokenizer type 'Metaspace'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(minimal("null", "null", "{\"type\":\"Unigram\",\"vocab\":{}}")));
    assertTrue(e.getMessage().contains("model type 'Unigram'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(minimal("null", "null",
        "{\"type\":\"BPE\",\"byte_fallback\":true,\"vocab\":{\"a\":0},\"merges\":[]}")));
    assertTrue(e.getMessage().contains("byte_fallback"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(minimal("null", "null",
        "{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"]}")));
    assertTrue(e.getMessage().contains("'ab' is missing"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{not json"));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(minimal("null", "null",
        "{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"[UNK]\":0,\"a\":5}}")));
    assertTrue(e.getMessage().contains("vocab id 5"), e.getMessage());
  }

  @Test
  void legacyStringMergesAndNoPreTokenizerWork() {
    Tokenizer t = Tokenizer.fromJson(minimal("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFKC\"},{\"type\":\"Lowercase\"}]}", "null",
        "{\"type\":\"BPE\",\"unk_token\":\"?\",\"fuse_unk\":true,\"vocab\":{\"?\":0,\"a\":1,\"b\":2,\"ab\":3},\"merges\":[\"a b\"]}"));
    // NFKC maps the fullwidth A to A, lowercase to a; unknown chars fuse into one unk
    assertArrayEquals(new int[] {3, 0, 2}, t.encode("\uFF21Bxyb", false));
    assertEquals(t.toJson(), Tokenizer.fromJson(t.toJson()).toJson());
  }

  @Test
  void vocabTxtAndGpt2FilesRoundTrip() throws Exception {
    Path vocab = tmp.resolve("vocab.txt");
    VocabFiles.writeVocabTxt(Golden.bert(), vocab);
    Tokenizer fromTxt = VocabFiles.bert(vocab, true);
    Path enc = tmp.resolve("encoder.json");
    Path merges = tmp.resolve("merges.txt");
    VocabFiles.writeGpt2Files(Golden.gpt2(), enc, merges);
    Tokenizer fromGpt2Files = VocabFiles.gpt2(enc, merges);
    for (String s : Golden.texts()) {
      assertArrayEquals(Golden.bert().encode(s, true), fromTxt.encode(s, true));
      assertArrayEquals(Golden.gpt2().encode(s, true), fromGpt2Files.encode(s, true));
    }
    assertEquals(Golden.gpt2().toJson(), fromGpt2Files.toJson());
    assertThrows(IllegalArgumentException.class, () -> VocabFiles.writeVocabTxt(Golden.gpt2(), vocab));
    Files.writeString(merges, "#version: 0.2\nab\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VocabFiles.readMerges(merges));
    assertTrue(e.getMessage().contains(":2: bad merge line"), e.getMessage());
  }

  @Test
  void bosEosTemplateOnByteLevelBpe() throws Exception {
    Tokenizer g = Golden.gpt2();
    Tokenizer t = Tokenizer.of(g.normalizer(), g.preTokenizer(), g.model(),
        io.sparklm.tokenizer.post.TemplateProcessor.bosEos("<|endoftext|>", 50256, "<|endoftext|>", 50256), g.decoder(), g.addedTokens());
    int[] plain = g.encode("Hello", false);
    assertArrayEquals(new int[] {50256, plain[0], 50256}, t.encode("Hello", true));
    assertArrayEquals(plain, t.encode("Hello", false));
    assertEquals("Hello", t.decode(t.encode("Hello", true), true));
    Tokenizer back = Tokenizer.fromJson(t.toJson());
    assertEquals(t.toJson(), back.toJson());
    assertArrayEquals(t.encode("Hello", true), back.encode("Hello", true));
  }

  @Test
  void javaSerializationCarriesTheTokenizerJson() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(Golden.bert());
    }
    Tokenizer back;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Tokenizer) in.readObject();
    }
    assertEquals(Golden.bert().toJson(), back.toJson());
  }

  @Test
  void unsupportedAddedTokenFlagsAreRejected() {
    String json = "{\"added_tokens\":[{\"id\":0,\"content\":\"<mask>\",\"lstrip\":true,\"special\":true}],"
        + "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"<mask>\",\"vocab\":{\"<mask>\":0}}}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json));
    assertTrue(e.getMessage().contains("lstrip"), e.getMessage());
  }

  @Test
  void decodeRejectsIdsOutsideTheVocabulary() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Golden.bert().decode(new int[] {5, 99999}, false));
    assertTrue(e.getMessage().contains("99999"), e.getMessage());
  }
}
