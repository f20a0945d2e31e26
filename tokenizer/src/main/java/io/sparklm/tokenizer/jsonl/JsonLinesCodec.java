package io.sparklm.tokenizer.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * Encoding and decoding over JSON lines, one output line per input line in the same order. encode: lines
 * {@code {"text": ...}} (other fields ignored) to lines {@code [id, ...]}; decode: lines {@code [id, ...]} to lines
 * {@code {"text": ...}}. A bad line stops the stream with a {@link BadLine} naming its number; the lines before it
 * are written.
 */
public final class JsonLinesCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLinesCodec() {}

  /** An input line that is not what the codec reads; the message starts with "line N: ". */
  public static final class BadLine extends IllegalArgumentException {
    BadLine(long lineNo, String message) {
      super("line " + lineNo + ": " + message);
    }
  }

  /** Encodes every line of {@code in}; returns the number of lines and tokens as {@code {lines, tokens}}. */
  public static long[] encode(Tokenizer tok, BufferedReader in, Writer out, boolean addSpecialTokens)
      throws IOException {
    return run(tok, in, out, true, addSpecialTokens);
  }

  /** Decodes every line of {@code in}; returns {@code {lines, tokens}}. */
  public static long[] decode(Tokenizer tok, BufferedReader in, Writer out, boolean skipSpecialTokens)
      throws IOException {
    return run(tok, in, out, false, skipSpecialTokens);
  }

  private static long[] run(Tokenizer tok, BufferedReader in, Writer out, boolean encode, boolean flag)
      throws IOException {
    long lineNo = 0;
    long tokens = 0;
    try {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (encode) {
          int[] ids = tok.encode(textOf(line, lineNo), flag);
          tokens += ids.length;
          writeIds(out, ids);
        } else {
          int[] ids = idsOf(line, lineNo);
          tokens += ids.length;
          ObjectNode o = MAPPER.createObjectNode();
          String text;
          try {
            text = tok.decode(ids, flag);
          } catch (IllegalArgumentException e) {
            throw new BadLine(lineNo, e.getMessage());
          }
          o.put("text", text);
          out.write(MAPPER.writeValueAsString(o));
          out.write('\n');
        }
      }
    } finally {
      out.flush();
    }
    return new long[] {lineNo, tokens};
  }

  static String textOf(String line, long lineNo) {
    JsonNode n = parse(line, lineNo);
    if (n == null || !n.isObject()) throw new BadLine(lineNo, "expected a JSON object with a \"text\" field");
    JsonNode t = n.get("text");
    if (t == null || !t.isTextual()) throw new BadLine(lineNo, "field \"text\" missing or not a string");
    return t.textValue();
  }

  static int[] idsOf(String line, long lineNo) {
    JsonNode n = parse(line, lineNo);
    if (n == null || !n.isArray()) throw new BadLine(lineNo, "expected a JSON array of token ids");
    int[] ids = new int[n.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode v = n.get(i);
      if (!v.isInt()) throw new BadLine(lineNo, "element " + i + " is not an integer id: " + v);
      ids[i] = v.intValue();
    }
    return ids;
  }

  private static JsonNode parse(String line, long lineNo) {
    try {
      return MAPPER.readTree(line);
    } catch (IOException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      int nl = m.indexOf('\n');
      throw new BadLine(lineNo, "not valid JSON: " + (nl < 0 ? m : m.substring(0, nl)));
    }
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
