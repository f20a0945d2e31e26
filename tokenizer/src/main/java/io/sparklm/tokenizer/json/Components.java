package io.sparklm.tokenizer.json;

import static io.sparklm.tokenizer.json.TokenizerJson.MAPPER;
import static io.sparklm.tokenizer.json.TokenizerJson.iter;
import static io.sparklm.tokenizer.json.TokenizerJson.optText;
import static io.sparklm.tokenizer.json.TokenizerJson.reqText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.tokenizer.AddedToken;
import io.sparklm.tokenizer.decode.ByteLevelDecoder;
import io.sparklm.tokenizer.decode.Decoder;
import io.sparklm.tokenizer.decode.WordPieceDecoder;
import io.sparklm.tokenizer.model.BpeModel;
import io.sparklm.tokenizer.model.Model;
import io.sparklm.tokenizer.model.Vocab;
import io.sparklm.tokenizer.model.WordPieceModel;
import io.sparklm.tokenizer.normalize.BertNormalizer;
import io.sparklm.tokenizer.normalize.Lowercase;
import io.sparklm.tokenizer.normalize.Normalizer;
import io.sparklm.tokenizer.normalize.NormalizerSequence;
import io.sparklm.tokenizer.normalize.StripAccents;
import io.sparklm.tokenizer.normalize.UnicodeNormalizer;
import io.sparklm.tokenizer.post.ByteLevelPostProcessor;
import io.sparklm.tokenizer.post.PostProcessor;
import io.sparklm.tokenizer.post.TemplateProcessor;
import io.sparklm.tokenizer.pretokenize.BertPreTokenizer;
import io.sparklm.tokenizer.pretokenize.ByteLevel;
import io.sparklm.tokenizer.pretokenize.PreTokenizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON (de)serialization of each pipeline component; unsupported types fail with a message naming them. */
final class Components {
  private Components() {}

  private static String type(JsonNode n, String section) {
    JsonNode t = n.get("type");
    if (t == null || !t.isTextual()) throw new IllegalArgumentException(section + " has no \"type\"");
    return t.textValue();
  }

  private static IllegalArgumentException unsupported(String section, String type, String supported) {
    return new IllegalArgumentException("unsupported " + section + " type '" + type + "' (supported: " + supported + ")");
  }

  private static String optTextOr(JsonNode n, String field, String dflt) {
    String v = TokenizerJson.optText(n, field);
    return v == null ? dflt : v;
  }

  private static boolean bool(JsonNode n, String field, boolean dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asBoolean();
  }

  // ---------------- normalizer
  static Normalizer readNormalizer(JsonNode n) {
    if (n == null || n.isNull()) return null;
    String t = type(n, "normalizer");
    switch (t) {
      case "BertNormalizer": {
        JsonNode sa = n.get("strip_accents");
        return new BertNormalizer(bool(n, "clean_text", true), bool(n, "handle_chinese_chars", true),
            sa == null || sa.isNull() ? null : sa.asBoolean(), bool(n, "lowercase", true));
      }
      case "NFC": case "NFD": case "NFKC": case "NFKD":
        return new UnicodeNormalizer(java.text.Normalizer.Form.valueOf(t));
      case "Lowercase":
        return new Lowercase();
      case "StripAccents":
        return new StripAccents();
      case "Sequence": {
        List<Normalizer> l = new ArrayList<>();
        for (JsonNode c : iter(n.get("normalizers"))) l.add(readNormalizer(c));
        return new NormalizerSequence(l);
      }
      default:
        throw unsupported("normalizer", t, "BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Sequence");
    }
  }

  static JsonNode writeNormalizer(Normalizer n) {
    if (n == null) return NullNode.getInstance();
    ObjectNode o = MAPPER.createObjectNode();
    if (n instanceof BertNormalizer b) {
      o.put("type", "BertNormalizer");
      o.put("clean_text", b.cleanText());
      o.put("handle_chinese_chars", b.handleChineseChars());
      if (b.stripAccents() == null) o.putNull("strip_accents");
      else o.put("strip_accents", b.stripAccents());
      o.put("lowercase", b.lowercase());
    } else if (n instanceof UnicodeNormalizer u) {
      o.put("type", u.typeName());
    } else if (n instanceof Lowercase) {
      o.put("type", "Lowercase");
    } else if (n instanceof StripAccents) {
      o.put("type", "StripAccents");
    } else if (n instanceof NormalizerSequence s) {
      o.put("type", "Sequence");
      ArrayNode a = o.putArray("normalizers");
      for (Normalizer c : s.normalizers()) a.add(writeNormalizer(c));
    } else {
      throw new IllegalArgumentException("cannot serialize normalizer " + n.getClass().getName());
    }
    return o;
  }

  // ---------------- pre-tokenizer
  static PreTokenizer readPreTokenizer(JsonNode n) {
    if (n == null || n.isNull()) return null;
    String t = type(n, "pre_tokenizer");
    switch (t) {
      case "ByteLevel":
        return new ByteLevel(bool(n, "add_prefix_space", true), bool(n, "trim_offsets", true), bool(n, "use_regex", true));
      case "BertPreTokenizer":
        return new BertPreTokenizer();
      default:
        throw unsupported("pre_tokenizer", t, "ByteLevel, BertPreTokenizer");
    }
  }

  static JsonNode writePreTokenizer(PreTokenizer p) {
    if (p == null) return NullNode.getInstance();
    ObjectNode o = MAPPER.createObjectNode();
    if (p instanceof ByteLevel b) {
      o.put("type", "ByteLevel");
      o.put("add_prefix_space", b.addPrefixSpace());
      o.put("trim_offsets", b.trimOffsets());
      o.put("use_regex", b.useRegex());
    } else if (p instanceof BertPreTokenizer) {
      o.put("type", "BertPreTokenizer");
    } else {
      throw new IllegalArgumentException("cannot serialize pre-tokenizer " + p.getClass().getName());
    }
    return o;
  }

  // ---------------- post-processor
  static PostProcessor readPostProcessor(JsonNode n, List<AddedToken> added, Model model) {
    if (n == null || n.isNull()) return null;
    String t = type(n, "post_processor");
    switch (t) {
      case "ByteLevel":
        return new ByteLevelPostProcessor(bool(n, "add_prefix_space", true), bool(n, "trim_offsets", true), bool(n, "use_regex", true));
      case "TemplateProcessing": {
        Map<String, int[]> specials = new LinkedHashMap<>();
        JsonNode st = n.path("special_tokens");
        Iterator<Map.Entry<String, JsonNode>> it = st.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode idsNode = e.getValue().get("ids");
          List<Integer> ids = new ArrayList<>();
          for (JsonNode i : iter(idsNode)) ids.add(i.intValue());
          specials.put(e.getKey(), ids.stream().mapToInt(Integer::intValue).toArray());
        }
        return new TemplateProcessor(readTemplate(n.get("single")), readTemplate(n.get("pair")), specials);
      }
      default:
        throw unsupported("post_processor", t, "TemplateProcessing, ByteLevel");
    }
  }

  private static List<TemplateProcessor.Piece> readTemplate(JsonNode n) {
    List<TemplateProcessor.Piece> l = new ArrayList<>();
    for (JsonNode p : iter(n)) {
      if (p.has("SpecialToken")) {
        JsonNode s = p.get("SpecialToken");
        l.add(TemplateProcessor.Piece.special(reqText(s, "id", "TemplateProcessing"), s.path("type_id").asInt(0)));
      } else if (p.has("Sequence")) {
        JsonNode s = p.get("Sequence");
        l.add(TemplateProcessor.Piece.seq(reqText(s, "id", "TemplateProcessing"), s.path("type_id").asInt(0)));
      } else {
        throw new IllegalArgumentException("TemplateProcessing piece must be SpecialToken or Sequence: " + p);
      }
    }
    return l;
  }

  static JsonNode writePostProcessor(PostProcessor p) {
    if (p == null) return NullNode.getInstance();
    ObjectNode o = MAPPER.createObjectNode();
    if (p instanceof ByteLevelPostProcessor b) {
      o.put("type", "ByteLevel");
      o.put("add_prefix_space", b.addPrefixSpace());
      o.put("trim_offsets", b.trimOffsets());
      o.put("use_regex", b.useRegex());
    } else if (p instanceof TemplateProcessor t) {
      o.put("type", "TemplateProcessing");
      writeTemplate(o.putArray("single"), t.single());
      writeTemplate(o.putArray("pair"), t.pair());
      ObjectNode st = o.putObject("special_tokens");
      for (Map.Entry<String, int[]> e : new java.util.TreeMap<>(t.specialTokens()).entrySet()) {
        ObjectNode s = st.putObject(e.getKey());
        s.put("id", e.getKey());
        ArrayNode ids = s.putArray("ids");
        ArrayNode toks = s.putArray("tokens");
        for (int id : e.getValue()) {
          ids.add(id);
          toks.add(e.getKey());
        }
      }
    } else {
      throw new IllegalArgumentException("cannot serialize post-processor " + p.getClass().getName());
    }
    return o;
  }

  private static void writeTemplate(ArrayNode a, List<TemplateProcessor.Piece> pieces) {
    for (TemplateProcessor.Piece p : pieces) {
      ObjectNode inner = a.addObject().putObject(p.specialToken() != null ? "SpecialToken" : "Sequence");
      inner.put("id", p.specialToken() != null ? p.specialToken() : p.sequence());
      inner.put("type_id", p.typeId());
    }
  }

  // ---------------- decoder
  static Decoder readDecoder(JsonNode n) {
    if (n == null || n.isNull()) return null;
    String t = type(n, "decoder");
    switch (t) {
      case "ByteLevel":
        return new ByteLevelDecoder(bool(n, "add_prefix_space", true), bool(n, "trim_offsets", true), bool(n, "use_regex", true));
      case "WordPiece": {
        String prefix = optText(n, "prefix");
        return new WordPieceDecoder(prefix == null ? "##" : prefix, bool(n, "cleanup", true));
      }
      default:
        throw unsupported("decoder", t, "ByteLevel, WordPiece");
    }
  }

  static JsonNode writeDecoder(Decoder d) {
    if (d == null) return NullNode.getInstance();
    ObjectNode o = MAPPER.createObjectNode();
    if (d instanceof ByteLevelDecoder b) {
      o.put("type", "ByteLevel");
      o.put("add_prefix_space", b.addPrefixSpace());
      o.put("trim_offsets", b.trimOffsets());
      o.put("use_regex", b.useRegex());
    } else if (d instanceof WordPieceDecoder w) {
      o.put("type", "WordPiece");
      o.put("prefix", w.prefix());
      o.put("cleanup", w.cleanup());
    } else {
      throw new IllegalArgumentException("cannot serialize decoder " + d.getClass().getName());
    }
    return o;
  }

  // ---------------- model
  static Model readModel(JsonNode n) {
    if (n == null || n.isNull()) throw new IllegalArgumentException("tokenizer.json has no \"model\"");
    String t = n.has("type") ? type(n, "model") : n.has("merges") ? "BPE" : n.has("max_input_chars_per_word") ? "WordPiece" : "?";
    Vocab vocab = readVocab(n.get("vocab"));
    switch (t) {
      case "BPE": {
        if (n.hasNonNull("dropout") && n.get("dropout").asDouble() != 0.0) throw new IllegalArgumentException("unsupported BPE option: dropout");
        if (!optTextOr(n, "continuing_subword_prefix", "").isEmpty()) throw new IllegalArgumentException("unsupported BPE option: continuing_subword_prefix");
        if (!optTextOr(n, "end_of_word_suffix", "").isEmpty()) throw new IllegalArgumentException("unsupported BPE option: end_of_word_suffix");
        if (bool(n, "byte_fallback", false)) throw new IllegalArgumentException("unsupported BPE option: byte_fallback");
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : iter(n.get("merges"))) {
          if (m.isTextual()) {
            String s = m.textValue();
            int sp = s.indexOf(' ');
            if (sp <= 0 || sp == s.length() - 1 || s.indexOf(' ', sp + 1) >= 0) throw new IllegalArgumentException("bad BPE merge line '" + s + "'");
            merges.add(new String[] {s.substring(0, sp), s.substring(sp + 1)});
          } else if (m.isArray() && m.size() == 2) {
            merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
          } else {
            throw new IllegalArgumentException("bad BPE merge entry " + m);
          }
        }
        return new BpeModel(vocab, merges, optText(n, "unk_token"), bool(n, "fuse_unk", false), bool(n, "ignore_merges", false));
      }
      case "WordPiece": {
        String unk = optText(n, "unk_token");
        String prefix = optText(n, "continuing_subword_prefix");
        int max = n.path("max_input_chars_per_word").asInt(100);
        return new WordPieceModel(vocab, unk == null ? "[UNK]" : unk, prefix == null ? "##" : prefix, max);
      }
      default:
        throw unsupported("model", t, "BPE, WordPiece");
    }
  }

  private static Vocab readVocab(JsonNode v) {
    if (v == null || !v.isObject()) throw new IllegalArgumentException("model.vocab must be an object token -> id");
    Map<String, Integer> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().intValue());
    }
    return Vocab.fromMap(m);
  }

  static JsonNode writeModel(Model m) {
    ObjectNode o = MAPPER.createObjectNode();
    if (m instanceof BpeModel b) {
      o.put("type", "BPE");
      o.putNull("dropout");
      if (b.unkToken() == null) o.putNull("unk_token");
      else o.put("unk_token", b.unkToken());
      o.putNull("continuing_subword_prefix");
      o.putNull("end_of_word_suffix");
      o.put("fuse_unk", b.fuseUnk());
      o.put("byte_fallback", false);
      o.put("ignore_merges", b.ignoreMerges());
      writeVocab(o.putObject("vocab"), b.vocab());
      ArrayNode merges = o.putArray("merges");
      for (String[] mg : b.merges()) merges.addArray().add(mg[0]).add(mg[1]);
    } else if (m instanceof WordPieceModel w) {
      o.put("type", "WordPiece");
      o.put("unk_token", w.unkToken());
      o.put("continuing_subword_prefix", w.prefix());
      o.put("max_input_chars_per_word", w.maxInputCharsPerWord());
      writeVocab(o.putObject("vocab"), w.vocab());
    } else {
      throw new IllegalArgumentException("cannot serialize model " + m.getClass().getName());
    }
    return o;
  }

  private static void writeVocab(ObjectNode o, Vocab v) {
    for (int i = 0; i < v.size(); i++) o.put(v.token(i), i);
  }
}
