package io.sparklm.tokenizer.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparklm.tokenizer.Golden;
import io.sparklm.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** JsonLinesCodec: encode/decode over JSON lines, and bad lines named by number with the lines before written. */
class JsonLinesCodecTest {
  private static BufferedReader lines(String s) {
    return new BufferedReader(new StringReader(s));
  }

  @Test
  void encodeThenDecodeRoundTrips() throws Exception {
    Tokenizer bert = Golden.bert();
    StringWriter enc = new StringWriter();
    assertArrayEquals(new long[] {2, 8},
        JsonLinesCodec.encode(bert, lines("{\"text\":\"Hello, World!\"}\n{\"text\":\"\",\"id\":7}\n"), enc, true));
    assertEquals("[101,7592,1010,2088,999,102]\n[101,102]\n", enc.toString());
    StringWriter dec = new StringWriter();
    JsonLinesCodec.decode(bert, lines(enc.toString()), dec, true);
    assertEquals("{\"text\":\"hello, world!\"}\n{\"text\":\"\"}\n", dec.toString());
  }

  @Test
  void aBadLineIsNamedAndTheLinesBeforeItAreWritten() throws Exception {
    Tokenizer bert = Golden.bert();
    StringWriter out = new StringWriter();
    JsonLinesCodec.BadLine e = assertThrows(JsonLinesCodec.BadLine.class,
        () -> JsonLinesCodec.encode(bert, lines("{\"text\":\"ok\"}\n{\"txt\":\"no\"}\n"), out, false));
    assertEquals("line 2: field \"text\" missing or not a string", e.getMessage());
    assertEquals(1, out.toString().split("\n").length, "the first line is written");
    e = assertThrows(JsonLinesCodec.BadLine.class,
        () -> JsonLinesCodec.decode(bert, lines("[1,2]\n[1,\"x\"]\n"), new StringWriter(), false));
    assertEquals("line 2: element 1 is not an integer id: \"x\"", e.getMessage());
    e = assertThrows(JsonLinesCodec.BadLine.class,
        () -> JsonLinesCodec.decode(bert, lines("[1,999999]\n"), new StringWriter(), false));
    assertEquals("line 1: token id 999999 is outside the vocabulary (size 30522)", e.getMessage());
    e = assertThrows(JsonLinesCodec.BadLine.class,
        () -> JsonLinesCodec.encode(bert, lines("{not json\n"), new StringWriter(), false));
    assertEquals("line 1: not valid JSON", e.getMessage().substring(0, "line 1: not valid JSON".length()));
  }
}
