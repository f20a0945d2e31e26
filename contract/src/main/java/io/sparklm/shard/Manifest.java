package io.sparklm.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed {@code manifest.json} at a prepared-data root (written last; its presence means the output is
 * complete). Holds document accounting, sequence and token counts, the shard list, objective, seq-len, vocab
 * size, padding id, and the hashes of the effective config and the tokenizer. Immutable.
 */
public final class Manifest {
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;
    private final List<ShardEntry> shards;

    private Manifest(ObjectNode root) {
        this.root = root;
        List<ShardEntry> list = new ArrayList<>();
        for (JsonNode s : root.path("shards")) {
            list.add(new ShardEntry(s.path("path").asText(), s.path("split").asText(), s.path("records").asLong(),
                    s.path("sha256").asText()));
        }
        this.shards = Collections.unmodifiableList(list);
    }

    /** Reads {@code <outputRoot>/manifest.json}; FileNotFoundException naming the path if missing, IOException if malformed. */
    public static Manifest read(FileSystem fs, Path outputRoot) throws IOException {
        Path p = new Path(outputRoot, FILE);
        if (!fs.exists(p)) {
            throw new java.io.FileNotFoundException("no " + FILE + " under " + outputRoot
                    + " (not a prepared-data directory, or the job did not finish)");
        }
        return parse(HadoopFs.readString(fs, p), p.toString());
    }

    public static Manifest parse(String json, String where) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException(where + ": malformed manifest: " + e.getMessage(), e);
        }
        if (!(n instanceof ObjectNode o) || !o.has("shards") || !o.has("seq_len") || !o.has("objective")) {
            throw new IOException(where + ": not a sparklm manifest (missing shards/seq_len/objective)");
        }
        return new Manifest(o);
    }

    /** Shards of one split ("train" | "validation") in stable (manifest) order. */
    public List<ShardEntry> shards(String split) {
        List<ShardEntry> out = new ArrayList<>();
        for (ShardEntry e : shards) {
            if (e.split().equals(split)) {
                out.add(e);
            }
        }
        return out;
    }

    public List<ShardEntry> allShards() {
        return shards;
    }

    public String objective() {
        return root.path("objective").asText();
    }

    public int seqLen() {
        return root.path("seq_len").asInt();
    }

    public int vocabSize() {
        return root.path("vocab_size").asInt();
    }

    /** Non-padding token positions in all written sequences (train + validation). */
    public long tokens() {
        return root.path("tokens").asLong();
    }

    /** Padding id of the tokenizer, -1 if none. */
    public int padId() {
        return root.path("pad_id").asInt(-1);
    }

    /** "static" or "dynamic" for mlm, "none" for clm. */
    public String masking() {
        return root.path("masking").asText("none");
    }

    public long sequences(String split) {
        return root.path("sequences").path(split).asLong();
    }

    public long documentsRead() {
        return root.path("documents").path("read").asLong();
    }

    public long documentsKept() {
        return root.path("documents").path("kept").asLong();
    }

    /** Skipped documents by reason, sorted by reason. */
    public Map<String, Long> skipped() {
        Map<String, Long> m = new TreeMap<>();
        root.path("documents").path("skipped").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    public String configHash() {
        return root.path("config_hash").asText();
    }

    public String tokenizerSha256() {
        return root.path("tokenizer_sha256").asText();
    }

    /** The whole manifest as a JSON tree (copy). */
    public ObjectNode json() {
        return root.deepCopy();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a manifest from its parts; {@code extra} entries are added at top level. */
    public static Manifest build(String objective, int seqLen, int vocabSize, int padId, String masking,
                                 long read, long kept, Map<String, Long> skipped, long trainSeqs, long valSeqs,
                                 long tokens, List<ShardEntry> shards, Map<String, Object> config,
                                 String configHash, String tokenizerSha256, Map<String, Object> extra) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "sparklm-shards");
        o.put("format_version", io.sparklm.shard.ShardFormat.VERSION);
        o.put("objective", objective);
        o.put("seq_len", seqLen);
        o.put("vocab_size", vocabSize);
        o.put("pad_id", padId);
        o.put("masking", masking);
        ObjectNode docs = o.putObject("documents");
        docs.put("read", read);
        docs.put("kept", kept);
        ObjectNode sk = docs.putObject("skipped");
        new TreeMap<>(skipped).forEach(sk::put);
        ObjectNode seqs = o.putObject("sequences");
        seqs.put("train", trainSeqs);
        seqs.put("validation", valSeqs);
        o.put("tokens", tokens);
        ArrayNode arr = o.putArray("shards");
        for (ShardEntry e : shards) {
            ObjectNode s = arr.addObject();
            s.put("path", e.path());
            s.put("split", e.split());
            s.put("records", e.records());
            s.put("sha256", e.sha256());
        }
        o.put("config_hash", configHash);
        o.put("tokenizer_sha256", tokenizerSha256);
        o.set("config", JSON.valueToTree(new TreeMap<>(config)));
        if (extra != null) {
            new TreeMap<>(extra).forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        }
        return new Manifest(o);
    }
}
