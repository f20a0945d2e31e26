package io.sparklm.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparklm.model.ModelConfig;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a sparklm graph as a HuggingFace model directory: {@code model.safetensors} (F32, {@link HfLayout}
 * names, metadata {"format":"pt"}), {@code config.json}, and with a tokenizer {@code tokenizer.json} (as given)
 * and {@code tokenizer_config.json}. Everything goes to a hidden temp directory next to the output that is
 * renamed into place at the end, so the output is complete or absent; an existing output is refused. On a
 * checksummed file system (the local {@code file://} one) the raw one is used: no {@code .crc} side files.
 */
public final class HfExporter {
    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfExporter() {}

    /** What was written: the HF class, tensor and parameter counts, file size and SHA-256 of model.safetensors. */
    public record Result(Path dir, String architecture, int tensors, long parameters, long bytes, String sha256) {}

    /**
     * Exports {@code g} to {@code out} on {@code fs}; {@code tokenizerJson} may be null. IllegalArgumentException
     * (one line) for an architecture HF cannot represent, an existing output, or a tokenizer larger than the model's
     * vocabulary; nothing is left behind on any failure.
     */
    public static Result export(ComputationGraph g, String tokenizerJson, FileSystem target, Path out)
            throws IOException {
        FileSystem fs = target instanceof ChecksumFileSystem c ? c.getRawFileSystem() : target;   // no .crc files
        ModelConfig m = GraphArchitecture.of(g);
        HfLayout layout = HfLayout.of(m);
        requireExactly(layout, g.paramTable());
        Tokenizer tok = tokenizerJson == null ? null : Tokenizer.fromJson(tokenizerJson);
        if (tok != null && tok.vocabSize() > m.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tok.vocabSize() + " tokens, the model only "
                    + m.vocabSize());
        }
        if (fs.exists(out)) {
            throw new IllegalArgumentException("output " + out + " exists; remove it or choose another");
        }
        List<TensorSource> tensors = new ArrayList<>();
        long parameters = 0;
        for (HfParam p : layout.params()) {
            HfTensorSource t = new HfTensorSource(p, g.getParam(p.dl4jName()));
            tensors.add(t);
            parameters += SafetensorsWriter.count(t.shape());
        }
        Path tmp = new Path(out.getParent(), "._tmp-" + out.getName() + "-" + System.nanoTime());
        try {
            if (!fs.mkdirs(tmp)) {
                throw new IOException("cannot create " + tmp);
            }
            MessageDigest md = sha256();
            long bytes;
            try (FSDataOutputStream raw = fs.create(new Path(tmp, WEIGHTS), false, 1 << 20);
                 OutputStream o = new DigestOutputStream(raw, md)) {
                bytes = SafetensorsWriter.write(o, tensors, Map.of("format", "pt"));
                raw.hsync();
            }
            writeJson(fs, new Path(tmp, CONFIG), HfConfig.config(m, layout, tok));
            if (tok != null) {
                write(fs, new Path(tmp, TOKENIZER), tokenizerJson.getBytes(StandardCharsets.UTF_8));
                writeJson(fs, new Path(tmp, TOKENIZER_CONFIG), HfConfig.tokenizerConfig(m, tok));
            }
            if (fs.exists(out) || !fs.rename(tmp, out)) {
                throw new IOException("rename " + tmp + " -> " + out + " failed");
            }
            return new Result(out, layout.architecture(), tensors.size(), parameters, bytes,
                    HexFormat.of().formatHex(md.digest()));
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Throws unless the graph's parameters are exactly those the layout reads (nothing lost, nothing unknown). */
    static void requireExactly(HfLayout layout, Map<String, INDArray> params) {
        Set<String> missing = new TreeSet<>(layout.dl4jNames());
        missing.removeAll(params.keySet());
        Set<String> extra = new TreeSet<>(params.keySet());
        extra.removeAll(layout.dl4jNames());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("the graph's parameters do not match the " + layout.architecture()
                    + " layout: missing " + missing + ", not exported " + extra);
        }
    }

    private static void writeJson(FileSystem fs, Path p, Map<String, Object> value) throws IOException {
        write(fs, p, (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream o = fs.create(p, false)) {
            o.write(bytes);
            o.hsync();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
