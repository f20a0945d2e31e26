package io.sparklm.tokenizer.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import io.sparklm.tokenizer.Golden;
import io.sparklm.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Single-thread GPT-2 encode throughput (MB/s, MB = 10^6 UTF-8 bytes) on real text versus JTokkit r50k_base, same
 * documents, ids asserted identical. One untimed warm-up run, then each timed run starts from a fresh Tokenizer (cold
 * word cache); median of the runs. Prints one JSON line.
 * Text: ${sparklm.cache}/corpus/*.txt if present, else tokenizers/bench/*.txt from scripts/fetch-tokenizer-assets.
 * args: [runs=5] [maxMB=20] [docsOut]: with docsOut (a directory), also writes what bench/hf_encode.js needs to
 * time HuggingFace tokenizers on the same input: tokenizer.json, docs.jsonl (one JSON string per document) and
 * ids.json (token count and a 32-bit digest of all ids, {@code h = 31 h + id}).
 */
public final class EncodeBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double maxMb = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    Path docsOut = args.length > 2 ? Path.of(args[2]) : null;
    List<String> docs = loadDocs((long) (maxMb * 1e6));
    long bytes = 0;
    for (String d : docs) bytes += d.getBytes(StandardCharsets.UTF_8).length;
    System.err.printf("bench text: %d docs, %.1f MB%n", docs.size(), bytes / 1e6);
    String json = Golden.gpt2().toJson();
    Encoding jt = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    // correctness pass (also warm-up): identical ids on every document
    Tokenizer warm = Tokenizer.fromJson(json);
    long tokens = 0;
    int digest = 0;
    for (int i = 0; i < docs.size(); i++) {
      int[] ours = warm.encode(docs.get(i), false);
      IntArrayList theirs = jt.encodeOrdinary(docs.get(i));
      if (!Arrays.equals(ours, theirs.toArray())) throw new AssertionError("ids differ from JTokkit on doc #" + i);
      tokens += ours.length;
      for (int id : ours) digest = 31 * digest + id;
    }
    System.err.printf("ids identical to JTokkit r50k_base on all docs (%d tokens)%n", tokens);
    if (docsOut != null) writeDocs(docsOut, json, docs, tokens, digest);

    double[] ourMbps = new double[runs];
    double[] peerMbps = new double[runs];
    long sink = 0;
    for (int r = -1; r < runs; r++) {
      Tokenizer tok = Tokenizer.fromJson(json);
      long t0 = System.nanoTime();
      for (String d : docs) sink += tok.encode(d, false).length;
      long t1 = System.nanoTime();
      for (String d : docs) sink += jt.encodeOrdinary(d).size();
      long t2 = System.nanoTime();
      double o = bytes / 1e6 / ((t1 - t0) / 1e9);
      double p = bytes / 1e6 / ((t2 - t1) / 1e9);
      System.err.printf("run %d%s: ours %.2f MB/s, jtokkit %.2f MB/s%n", r, r < 0 ? " (warm-up, not counted)" : "", o, p);
      if (r < 0) continue;
      ourMbps[r] = o;
      peerMbps[r] = p;
    }
    double ours = median(ourMbps);
    double peer = median(peerMbps);
    System.out.printf("{\"name\":\"tokenizer.encode.gpt2\",\"value\":%.3f,\"unit\":\"MB/s\",\"peer\":\"jtokkit r50k_base\","
        + "\"peer_value\":%.3f,\"ratio\":%.3f}%n", ours, peer, ours / peer);
    if (sink == 42) System.err.println();
  }

  private static void writeDocs(Path dir, String tokenizerJson, List<String> docs, long tokens, int digest)
      throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    try (var w = Files.newBufferedWriter(dir.resolve("docs.jsonl"), StandardCharsets.UTF_8)) {
      for (String d : docs) {
        w.write(mapper.writeValueAsString(d));
        w.write('\n');
      }
    }
    Files.writeString(dir.resolve("ids.json"), "{\"tokens\": " + tokens + ", \"digest\": " + digest + "}\n");
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Documents = paragraphs of *.txt (split at blank lines) and "text" (else "html") fields of *.jsonl, in path order, up to maxBytes chars. */
  static List<String> loadDocs(long maxBytes) throws Exception {
    Path corpus = Golden.cacheDir().resolve("corpus");
    Path dir = Files.isDirectory(corpus) && hasTxt(corpus) ? corpus : Golden.cacheDir().resolve("tokenizers/bench");
    if (!hasTxt(dir)) throw new IllegalStateException("no *.txt under " + dir + ": run scripts/fetch-tokenizer-assets");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".jsonl")).sorted().toList();
    }
    System.err.println("bench text from " + dir);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> docs = new ArrayList<>();
    long total = 0;
    for (Path f : files) {
      List<String> units = new ArrayList<>();
      if (f.toString().endsWith(".jsonl")) {
        try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
          long sum = total;
          for (String l : (Iterable<String>) lines::iterator) {
            var n = mapper.readTree(l);
            var t = n.has("text") ? n.get("text") : n.get("html");
            if (t != null && t.isTextual()) {
              units.add(t.textValue());
              sum += t.textValue().length();
            }
            if (sum >= maxBytes) break;
          }
        }
      } else {
        units.addAll(Arrays.asList(Files.readString(f, StandardCharsets.UTF_8).split("\n\\s*\n")));
      }
      for (String para : units) {
        if (para.isBlank()) continue;
        docs.add(para);
        total += para.length();
        if (total >= maxBytes) return docs;
      }
    }
    return docs;
  }

  private static boolean hasTxt(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".txt"));
    }
  }
}
