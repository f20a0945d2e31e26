package io.sparklm.tokenizer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.tokenizer.AddedToken;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.decode.Decoder;
import io.sparklm.tokenizer.model.Model;
import io.sparklm.tokenizer.normalize.Normalizer;
import io.sparklm.tokenizer.post.PostProcessor;
import io.sparklm.tokenizer.pretokenize.PreTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes HuggingFace tokenizer.json for the byte-level BPE and BERT WordPiece families. Truncation and
 * padding sections are ignored on read and written as null (sequence packing is the corpus job's business).
 */
public final class TokenizerJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private TokenizerJson() {}

  public static Tokenizer read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tokenizer.json is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException("tokenizer.json must be a JSON object");
    List<AddedToken> added = new ArrayList<>();
    for (JsonNode t : iter(root.get("added_tokens"))) {
      added.add(new AddedToken(reqInt(t, "id", "added_tokens"), reqText(t, "content", "added_tokens"),
          t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false),
          t.path("normalized").asBoolean(false), t.path("special").asBoolean(false)));
    }
    Model model = Components.readModel(root.get("model"));
    Normalizer normalizer = Components.readNormalizer(root.get("normalizer"));
    PreTokenizer pre = Components.readPreTokenizer(root.get("pre_tokenizer"));
    PostProcessor post = Components.readPostProcessor(root.get("post_processor"), added, model);
    Decoder decoder = Components.readDecoder(root.get("decoder"));
    return Tokenizer.of(normalizer, pre, model, post, decoder, added);
  }

  public static String write(Tokenizer tok) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (AddedToken t : tok.addedTokens()) {
      ObjectNode o = added.addObject();
      o.put("id", t.id());
      o.put("content", t.content());
      o.put("single_word", t.singleWord());
      o.put("lstrip", t.lstrip());
      o.put("rstrip", t.rstrip());
      o.put("normalized", t.normalized());
      o.put("special", t.special());
    }
    root.set("normalizer", Components.writeNormalizer(tok.normalizer()));
    root.set("pre_tokenizer", Components.writePreTokenizer(tok.preTokenizer()));
    root.set("post_processor", Components.writePostProcessor(tok.postProcessor()));
    root.set("decoder", Components.writeDecoder(tok.decoder()));
    root.set("model", Components.writeModel(tok.model()));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Iterable<JsonNode> iter(JsonNode n) {
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw new IllegalArgumentException("expected a JSON array, got " + n.getNodeType());
    return n;
  }

  static int reqInt(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt()) throw new IllegalArgumentException(where + ": field '" + field + "' must be an integer");
    return v.intValue();
  }

  static String reqText(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) throw new IllegalArgumentException(where + ": field '" + field + "' must be a string");
    return v.textValue();
  }

  static String optText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
