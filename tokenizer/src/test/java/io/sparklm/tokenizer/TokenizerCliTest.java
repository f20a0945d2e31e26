package io.sparklm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparklm.tokenizer.cli.TokenizerCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TokenizerCli encode/decode over JSON lines, exit codes and error messages. */
class TokenizerCliTest {
  @TempDir Path tmp;

  private record Result(int rc, String out, String err) {}

  private static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = TokenizerCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void encodeThenDecodeRoundTrips() throws Exception {
    Path f = tmp.resolve("bert.json");
    Golden.bert().save(f);
    Result enc = run("{\"text\":\"Hello, World!\"}\n{\"text\":\"\",\"id\":7}\n", "encode", "--tokenizer", f.toString(), "--add-special-tokens");
    assertEquals(0, enc.rc(), enc.err());
    assertEquals("[101,7592,1010,2088,999,102]\n[101,102]\n", enc.out());
    Result dec = run(enc.out(), "decode", "--tokenizer", f.toString(), "--skip-special-tokens");
    assertEquals(0, dec.rc(), dec.err());
    assertEquals("{\"text\":\"hello, world!\"}\n{\"text\":\"\"}\n", dec.out());
  }

  @Test
  void badLinesAndArgumentsAreReported() throws Exception {
    Path f = tmp.resolve("bert.json");
    Golden.bert().save(f);
    Result r = run("{\"text\":\"ok\"}\n{\"txt\":\"no\"}\n", "encode", "--tokenizer", f.toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("line 2"), r.err());
    assertEquals(1, r.out().split("\n").length, "first line still written");
    r = run("[1,2]\n[1,\"x\"]\n", "decode", "--tokenizer", f.toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("line 2") && r.err().contains("not an integer"), r.err());
    r = run("[1,999999]\n", "decode", "--tokenizer", f.toString());
    assertEquals(1, r.rc());
    assertTrue(r.err().contains("line 1") && r.err().contains("999999"), r.err());
    assertEquals(2, run("", "encode").rc());
    assertEquals(2, run("", "frobnicate").rc());
    assertEquals(2, run("", "encode", "--tokenizer", f.toString(), "--skip-special-tokens").rc());
    assertEquals(1, run("", "encode", "--tokenizer", tmp.resolve("missing.json").toString()).rc());
    Result help = run("", "--help");
    assertEquals(0, help.rc());
    assertTrue(help.out().startsWith("usage:"));
  }
}
