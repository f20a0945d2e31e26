package io.sparklm.tokenizer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Pure-Java tokenizer CLI over JSON lines. encode: stdin lines {"text": ...} -> stdout lines [id, ...];
 * decode: stdin lines [id, ...] -> stdout lines {"text": ...}; same order, nothing else on stdout.
 * Exit 0 ok, 1 bad input line or unreadable tokenizer (message names the line), 2 bad arguments.
 */
public final class TokenizerCli {
  static final String USAGE = String.join("\n",
      "usage: TokenizerCli encode --tokenizer FILE [--add-special-tokens] < in.jsonl > out.jsonl",
      "       TokenizerCli decode --tokenizer FILE [--skip-special-tokens] < in.jsonl > out.jsonl",
      "  encode: each input line is a JSON object with a string field \"text\"; each output line is the JSON array of ids",
      "  decode: each input line is a JSON array of ids; each output line is {\"text\": ...}",
      "  FILE is a HuggingFace tokenizer.json (byte-level BPE or WordPiece)");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TokenizerCli() {}

  public static void main(String[] args) {
    int rc = run(args, System.in, System.out, System.err);
    System.out.flush();
    System.exit(rc);
  }

  /** Runs one command; returns the exit code. Used by main and by other CLIs delegating encode/decode. */
  public static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : new PrintStream(out, true, StandardCharsets.UTF_8)).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String cmd = args[0];
    if (!cmd.equals("encode") && !cmd.equals("decode")) return badArgs(err, "unknown command '" + cmd + "' (expected encode or decode)");
    String file = null;
    boolean flag = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> {
          new PrintStream(out, true, StandardCharsets.UTF_8).println(USAGE);
          return 0;
        }
        case "--tokenizer" -> {
          if (i + 1 >= args.length) return badArgs(err, "--tokenizer needs a FILE");
          file = args[++i];
        }
        case "--add-special-tokens" -> {
          if (!cmd.equals("encode")) return badArgs(err, "--add-special-tokens is an encode option");
          flag = true;
        }
        case "--skip-special-tokens" -> {
          if (!cmd.equals("decode")) return badArgs(err, "--skip-special-tokens is a decode option");
          flag = true;
        }
        default -> {
          return badArgs(err, "unknown argument '" + a + "'");
        }
      }
    }
    if (file == null) return badArgs(err, "missing --tokenizer FILE");
    Tokenizer tok;
    try {
      tok = Tokenizer.fromFile(Path.of(file));
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: cannot load tokenizer " + file + ": " + e.getMessage());
      return 1;
    }
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    long lineNo = 0;
    long tokens = 0;
    try {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (cmd.equals("encode")) {
          int[] ids = tok.encode(textOf(line), flag);
          tokens += ids.length;
          writeIds(w, ids);
        } else {
          int[] ids = idsOf(line);
          tokens += ids.length;
          ObjectNode o = MAPPER.createObjectNode();
          o.put("text", tok.decode(ids, flag));
          w.write(MAPPER.writeValueAsString(o));
          w.write('\n');
        }
        if (lineNo % 100_000 == 0) err.println(cmd + ": " + lineNo + " lines, " + tokens + " tokens");
      }
      w.flush();
    } catch (BadLine e) {
      flushQuietly(w);
      err.println("error: line " + lineNo + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      flushQuietly(w);
      err.println("error: line " + lineNo + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: I/O after line " + lineNo + ": " + e.getMessage());
      return 1;
    }
    err.println(cmd + ": done, " + lineNo + " lines, " + tokens + " tokens");
    return 0;
  }

  private static int badArgs(PrintStream err, String msg) {
    err.println("error: " + msg + " (see --help)");
    return 2;
  }

  private static void flushQuietly(Writer w) {
    try {
      w.flush();
    } catch (IOException ignored) {
      // the error being reported matters more
    }
  }

  /** Input line problem, reported with its line number. */
  static final class BadLine extends Exception {
    BadLine(String m) { super(m); }
  }

  static String textOf(String line) throws BadLine {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new BadLine("not valid JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) throw new BadLine("expected a JSON object with a \"text\" field");
    JsonNode t = n.get("text");
    if (t == null || !t.isTextual()) throw new BadLine("field \"text\" missing or not a string");
    return t.textValue();
  }

  static int[] idsOf(String line) throws BadLine {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new BadLine("not valid JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isArray()) throw new BadLine("expected a JSON array of token ids");
    int[] ids = new int[n.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode v = n.get(i);
      if (!v.isInt()) throw new BadLine("element " + i + " is not an integer id: " + v);
      ids[i] = v.intValue();
    }
    return ids;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static void writeIds(Writer w, int[] ids) throws IOException {
    StringBuilder sb = new StringBuilder(ids.length * 6 + 2).append('[');
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(ids[i]);
    }
    w.append(sb.append(']').append('\n'));
  }
}
