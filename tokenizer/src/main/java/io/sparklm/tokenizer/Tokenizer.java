package io.sparklm.tokenizer;

import io.sparklm.tokenizer.decode.Decoder;
import io.sparklm.tokenizer.json.TokenizerJson;
import io.sparklm.tokenizer.model.BpeModel;
import io.sparklm.tokenizer.model.Model;
import io.sparklm.tokenizer.normalize.Normalizer;
import io.sparklm.tokenizer.post.PostProcessor;
import io.sparklm.tokenizer.pretokenize.PreTokenizer;
import io.sparklm.tokenizer.util.IntList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable, thread-safe tokenizer pipeline: normalizer -> pre-tokenizer -> model -> post-processor; decoder for the way back.
 * Added tokens are matched verbatim in the raw text (HF "normalized": false semantics). Serializable (as its tokenizer.json).
 */
public final class Tokenizer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Normalizer normalizer;
  private final PreTokenizer preTokenizer;
  private final Model model;
  private final PostProcessor postProcessor;
  private final Decoder decoder;
  private final List<AddedToken> addedTokens;
  private final Map<Integer, AddedToken> addedById = new HashMap<>();
  private final Map<String, AddedToken> addedByContent = new HashMap<>();
  private final AddedTokenSplitter splitter;
  private final int vocabSize;
  /** Non-null when the pipeline is ByteLevel(use_regex) + BPE: encode splits raw text and lets the model map bytes. */
  private final transient io.sparklm.tokenizer.model.BpeModel byteLevelBpe;

  private Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
      Decoder decoder, List<AddedToken> addedTokens) {
    if (model == null) throw new IllegalArgumentException("tokenizer needs a model");
    this.normalizer = normalizer;
    this.preTokenizer = preTokenizer;
    this.model = model;
    this.postProcessor = postProcessor;
    this.decoder = decoder;
    this.addedTokens = List.copyOf(addedTokens);
    int max = model.vocabSize() - 1;
    for (AddedToken t : this.addedTokens) {
      if (addedById.put(t.id(), t) != null) throw new IllegalArgumentException("two added tokens with id " + t.id());
      addedByContent.put(t.content(), t);
      String inModel = model.idToToken(t.id());
      if (inModel != null && !inModel.equals(t.content())) {
        throw new IllegalArgumentException("added token '" + t.content() + "' id " + t.id() + " clashes with model token '" + inModel + "'");
      }
      max = Math.max(max, t.id());
    }
    this.vocabSize = max + 1;
    this.splitter = new AddedTokenSplitter(this.addedTokens);
    this.byteLevelBpe = preTokenizer instanceof io.sparklm.tokenizer.pretokenize.ByteLevel bl && bl.useRegex()
        && model instanceof io.sparklm.tokenizer.model.BpeModel bpe ? bpe : null;
  }

  /** Assembles a pipeline; normalizer, preTokenizer, postProcessor and decoder may be null (HF semantics for absent parts). */
  public static Tokenizer of(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
      Decoder decoder, List<AddedToken> addedTokens) {
    return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, addedTokens);
  }

  public static Tokenizer fromFile(Path tokenizerJson) throws IOException {
    return fromJson(Files.readString(tokenizerJson, StandardCharsets.UTF_8));
  }

  /** Parses HF tokenizer.json; IllegalArgumentException naming any unsupported component. */
  public static Tokenizer fromJson(String tokenizerJson) {
    return TokenizerJson.read(tokenizerJson);
  }

  /** HF tokenizer.json, deterministic bytes (truncation and padding are always null). */
  public String toJson() {
    return TokenizerJson.write(this);
  }

  /** Writes toJson() atomically (temp file then rename). */
  public void save(Path file) throws IOException {
    VocabFiles.writeAtomic(file, toJson());
  }

  public int[] encode(String text, boolean addSpecialTokens) {
    IntList out = new IntList(text.length() / 3 + 8);
    encodeInto(text, out);
    int[] ids = out.toArray();
    return postProcessor == null ? ids : postProcessor.process(ids, addSpecialTokens);
  }

  /** Encodes a sentence pair (BERT style: [CLS] A [SEP] B [SEP] with the default WordPiece template). */
  public int[] encodePair(String a, String b, boolean addSpecialTokens) {
    IntList oa = new IntList();
    IntList ob = new IntList();
    encodeInto(a, oa);
    encodeInto(b, ob);
    if (postProcessor == null) {
      oa.addAll(ob.toArray());
      return oa.toArray();
    }
    return postProcessor.processPair(oa.toArray(), ob.toArray(), addSpecialTokens);
  }

  private void encodeInto(String text, IntList out) {
    splitter.split(text, new AddedTokenSplitter.Sink() {
      @Override
      public void text(int start, int end) {
        String s = start == 0 && end == text.length() ? text : text.substring(start, end);
        if (normalizer != null) s = normalizer.normalize(s);
        if (byteLevelBpe != null) {
          String r = ((io.sparklm.tokenizer.pretokenize.ByteLevel) preTokenizer).addPrefixSpace() && !s.startsWith(" ") ? " " + s : s;
          BpeModel.RawEncoder raw = byteLevelBpe.rawEncoder();
          char[] cs = r.toCharArray();
          io.sparklm.tokenizer.pretokenize.Gpt2Splitter.split(cs, 0, cs.length, (a, b) -> raw.encode(cs, a, b, out));
        } else if (preTokenizer == null) {
          model.encodeWord(s, out);
        } else {
          preTokenizer.split(s, w -> model.encodeWord(w, out));
        }
      }

      @Override
      public void token(AddedToken token) {
        out.add(token.id());
      }
    });
  }

  /** Decodes ids; IllegalArgumentException on an id outside the vocabulary. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int id : ids) {
      AddedToken t = addedById.get(id);
      if (t != null) {
        if (!(skipSpecialTokens && t.special())) tokens.add(t.content());
        continue;
      }
      String tok = model.idToToken(id);
      if (tok == null) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size " + vocabSize + ")");
      tokens.add(tok);
    }
    return decoder == null ? String.join(" ", tokens) : decoder.decode(tokens);
  }

  public int vocabSize() { return vocabSize; }

  /** -1 when absent. */
  public int tokenToId(String token) {
    AddedToken t = addedByContent.get(token);
    return t != null ? t.id() : model.tokenToId(token);
  }

  /** null when out of range. */
  public String idToToken(int id) {
    AddedToken t = addedById.get(id);
    return t != null ? t.content() : model.idToToken(id);
  }

  /** Normalized pre-tokenized "words" (model alphabet, e.g. byte-level chars) as trainers count them; added tokens dropped. */
  public List<String> pretokenize(String text) {
    List<String> words = new ArrayList<>();
    splitter.split(text, new AddedTokenSplitter.Sink() {
      @Override
      public void text(int start, int end) {
        String s = text.substring(start, end);
        if (normalizer != null) s = normalizer.normalize(s);
        if (preTokenizer == null) {
          if (!s.isEmpty()) words.add(s);
        } else {
          preTokenizer.split(s, words::add);
        }
      }

      @Override
      public void token(AddedToken token) {}
    });
    return words;
  }

  /** True if the id begins a new word: special tokens always; BPE: token starts with 'Ġ' (byte-level space); WordPiece: no "##". */
  public boolean startsWord(int id) {
    AddedToken t = addedById.get(id);
    if (t != null && t.special()) return true;
    String tok = idToToken(id);
    if (tok == null) return false;
    if (model instanceof io.sparklm.tokenizer.model.WordPieceModel wp) return !tok.startsWith(wp.prefix());
    return tok.startsWith("\u0120");
  }

  /** True if id is an added token marked special. */
  public boolean isSpecial(int id) {
    AddedToken t = addedById.get(id);
    return t != null && t.special();
  }

  /** "bpe" or "wordpiece". */
  public String type() { return model.type(); }

  private Object writeReplace() {
    return new Serialized(toJson());
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("Tokenizer is serialized as its tokenizer.json");
  }

  /** Java serialization form: the tokenizer.json text. */
  private record Serialized(String json) implements java.io.Serializable {
    private Object readResolve() {
      return Tokenizer.fromJson(json);
    }
  }

  public Normalizer normalizer() { return normalizer; }

  public PreTokenizer preTokenizer() { return preTokenizer; }

  public Model model() { return model; }

  public PostProcessor postProcessor() { return postProcessor; }

  public Decoder decoder() { return decoder; }

  public List<AddedToken> addedTokens() { return addedTokens; }
}
