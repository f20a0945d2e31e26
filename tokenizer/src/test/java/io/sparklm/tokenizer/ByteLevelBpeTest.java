package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.sparklm.tokenizer.pretokenize.Gpt2Splitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GPT-2 byte-level BPE: splitter equals the regex, round trip on any valid UTF-16, JTokkit agreement, thread safety. */
class ByteLevelBpeTest {
  private static final Pattern GPT2 = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private static List<String> regexSplit(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = GPT2.matcher(s);
    while (m.find()) out.add(m.group());
    return out;
  }

  private static List<String> ourSplit(String s) {
    List<String> out = new ArrayList<>();
    Gpt2Splitter.split(s.toCharArray(), 0, s.length(), (a, b) -> out.add(s.substring(a, b)));
    return out;
  }

  @Test
  void handWrittenSplitterEqualsTheGpt2Regex() throws Exception {
    Random rnd = new Random(7);
    List<String> inputs = new ArrayList<>(Golden.texts());
    for (int i = 0; i < 3000; i++) inputs.add(RandomText.next(rnd, 60));
    inputs.add("  a\n\n b  \t\nc   ");
    inputs.add("x's 'S 'll'd'm' ' '");
    for (String s : inputs) assertEquals(regexSplit(s), ourSplit(s), "split of '" + s + "'");
  }

  @Test
  void decodeEncodeIsIdentityOnRandomValidUnicode() throws Exception {
    Tokenizer gpt2 = Golden.gpt2();
    Tokenizer trained = Tokenizer.fromJson(Golden.resource("trained-bpe.tokenizer.json"));
    Random rnd = new Random(12345);
    for (int i = 0; i < 3000; i++) {
      String s = RandomText.next(rnd, i % 10 == 0 ? 400 : 40);
      assertEquals(s, gpt2.decode(gpt2.encode(s, false), false), "gpt2 round trip #" + i);
      assertEquals(s, trained.decode(trained.encode(s, true), false), "trained round trip #" + i);
    }
  }

  @Test
  void idsEqualJtokkitOnRandomTextAndLongWords() throws Exception {
    Tokenizer gpt2 = Golden.gpt2();
    Encoding jt = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    Random rnd = new Random(99);
    for (int i = 0; i < 1500; i++) {
      String s = RandomText.next(rnd, 80).replace("<|endoftext|>", "");
      assertArrayEquals(jt.encodeOrdinary(s).toArray(), gpt2.encode(s, false), "text #" + i);
    }
    // long single words exercise the heap-based merge path (> 64 symbols)
    for (int i = 0; i < 60; i++) {
      StringBuilder w = new StringBuilder(" ");
      int n = 65 + rnd.nextInt(2000);
      for (int j = 0; j < n; j++) w.append((char) ('a' + rnd.nextInt(i % 3 == 0 ? 3 : 26)));
      String s = w.toString();
      assertArrayEquals(jt.encodeOrdinary(s).toArray(), gpt2.encode(s, false), "long word #" + i);
    }
  }

  @Test
  void rawByteLevelFastPathEqualsGenericPipeline() throws Exception {
    Tokenizer gpt2 = Golden.gpt2();
    for (String t : Golden.texts()) {
      io.sparklm.tokenizer.util.IntList generic = new io.sparklm.tokenizer.util.IntList();
      for (String w : gpt2.pretokenize(t)) gpt2.model().encodeWord(w, generic);
      int[] fast = java.util.Arrays.stream(gpt2.encode(t, false)).filter(id -> id != 50256).toArray();
      assertArrayEquals(fast, generic.toArray(), "text '" + t + "'");
    }
  }

  @Test
  void concurrentEncodingGivesTheSameIds() throws Exception {
    Tokenizer gpt2 = Golden.gpt2();
    List<String> texts = Golden.texts();
    List<int[]> expected = new ArrayList<>();
    for (String t : texts) expected.add(gpt2.encode(t, false));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int th = 0; th < 4; th++) {
        final int off = th;
        fs.add(pool.submit(() -> {
          for (int rep = 0; rep < 5; rep++) {
            for (int i = 0; i < texts.size(); i++) {
              int k = (i + off * 31) % texts.size();
              if (!java.util.Arrays.equals(expected.get(k), gpt2.encode(texts.get(k), false))) return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : fs) assertTrue(f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void specialTokensAndWordStarts() throws Exception {
    Tokenizer gpt2 = Golden.gpt2();
    assertEquals(50257, gpt2.vocabSize());
    assertEquals(50256, gpt2.tokenToId("<|endoftext|>"));
    assertEquals(-1, gpt2.tokenToId("[PAD]"));
    assertEquals(null, gpt2.idToToken(50257));
    assertEquals("bpe", gpt2.type());
    int[] ids = gpt2.encode("Hello world<|endoftext|>", true);
    assertEquals(50256, ids[ids.length - 1]);
    assertEquals("Hello world", gpt2.decode(ids, true));
    assertTrue(gpt2.startsWord(gpt2.tokenToId("\u0120world")));
    assertFalse(gpt2.startsWord(gpt2.tokenToId("ing")));
    assertTrue(gpt2.startsWord(50256));
    assertEquals(List.of("Hello", "\u0120world", "!"), gpt2.pretokenize("Hello world!<|endoftext|>"));
  }
}
