package io.sparklm.perf;

import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark model shapes and their FLOPs. {@code d256}: GPT d256/L4/H4/T128/V8000 (the PyTorch reference
 * shape); {@code tiny}: the model keys of {@code conf/tiny.conf} at T128/V8000. Dropout is forced to 0 in both
 * (the PyTorch reference has none). FLOPs per token use the PaLM / nanoGPT estimate: training
 * {@code 6N + 12·L·T·d}, forward {@code 2N + 4·L·T·d}, with N the parameters that take part in matmuls (all
 * parameters minus the position table and an untied token table, which are lookups; a tied token table is also
 * the LM head's projection, as in nanoGPT's count).
 */
public final class ModelShapes {
    public static final int VOCAB = 8000;
    public static final int SEQ = 128;
    public static final int BATCH = 16;

    private ModelShapes() {}

    /** A named shape with its batch size. */
    public record Shape(String label, ModelConfig model, int batch) {
        /** Parameters minus embedding lookups (an untied token table; learned positions). */
        public long matmulParams() {
            ModelConfig m = model;
            long n = m.parameterCount() - (m.tieEmbeddings() ? 0 : (long) m.vocabSize() * m.dModel());
            if (m.positional().equals("learned")) {
                n -= (long) m.seqLen() * m.dModel();
            }
            return n;
        }

        public double trainFlopsPerToken() {
            return 6.0 * matmulParams() + 12.0 * model.nLayers() * model.seqLen() * model.dModel();
        }

        public double forwardFlopsPerToken() {
            return trainFlopsPerToken() / 3.0;
        }

        public int tokensPerStep() {
            return batch * model.seqLen();
        }
    }

    /** {@code d256} or {@code tiny} (reads {@code <confDir>/tiny.conf}). */
    public static Shape named(String name, Path confDir) {
        Map<String, String> keys = new LinkedHashMap<>();
        String label;
        if (name.equals("d256")) {
            keys.putAll(Map.of("d-model", "256", "n-layers", "4", "n-heads", "4"));
            label = "gpt-d256-l4-h4-t128-b16-v8000";
        } else if (name.equals("tiny")) {
            keys.putAll(readConf(confDir.resolve("tiny.conf")));
            label = "gpt-tiny-d" + keys.get("d-model") + "-l" + keys.get("n-layers") + "-h" + keys.get("n-heads")
                    + "-t128-b16-v8000";
        } else {
            throw new IllegalArgumentException("unknown shape '" + name + "' (d256|tiny)");
        }
        keys.put("dropout", "0.0");
        keys.put("family", "gpt");
        return new Shape(label, ModelConfig.from(ConfigMap.of(keys), VOCAB, SEQ), BATCH);
    }

    /** {@code key = value} lines of a preset ('#' comments), model keys only (the ones ModelConfig reads). */
    static Map<String, String> readConf(Path p) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(p)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#") || !s.contains("=")) {
                    continue;
                }
                String k = s.substring(0, s.indexOf('=')).strip();
                String v = s.substring(s.indexOf('=') + 1).strip();
                if (k.matches("family|d-model|n-layers|n-heads|d-ff|positional|seed|init-std")) {
                    out.put(k, v);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read preset " + p + ": " + e.getMessage(), e);
        }
        return out;
    }
}
