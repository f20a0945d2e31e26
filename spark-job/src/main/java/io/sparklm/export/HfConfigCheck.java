package io.sparklm.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklm.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a HuggingFace config.json with the architecture of a sparklm model: model type, sizes, window,
 * activation (sparklm computes {@code gelu_new}), LayerNorm epsilon, tying and, for BERT, two token types and
 * absolute positions. Keys HF defaults when absent are compared with HF's default.
 */
final class HfConfigCheck {
    private HfConfigCheck() {}

    /** One "key: file X, model Y" line per difference; empty when the config describes {@code m}. */
    static List<String> mismatches(JsonNode c, ModelConfig m, HfLayout layout) {
        List<String> out = new ArrayList<>();
        text(out, c, "model_type", null, layout.modelType());
        number(out, c, "vocab_size", null, m.vocabSize());
        if (m.isGpt()) {
            number(out, c, "n_positions", 1024.0, m.seqLen());
            number(out, c, "n_embd", 768.0, m.dModel());
            number(out, c, "n_layer", 12.0, m.nLayers());
            number(out, c, "n_head", 12.0, m.nHeads());
            JsonNode inner = c.get("n_inner");
            double ff = inner == null || inner.isNull() ? 4.0 * c.path("n_embd").asDouble(768) : inner.asDouble();
            if (ff != m.dFf()) {
                out.add("n_inner: file " + (long) ff + ", model " + m.dFf());
            }
            text(out, c, "activation_function", "gelu_new", "gelu_new");
            number(out, c, "layer_norm_epsilon", 1e-5, m.layerNormEps());
        } else {
            number(out, c, "hidden_size", 768.0, m.dModel());
            number(out, c, "num_hidden_layers", 12.0, m.nLayers());
            number(out, c, "num_attention_heads", 12.0, m.nHeads());
            number(out, c, "intermediate_size", 3072.0, m.dFf());
            number(out, c, "max_position_embeddings", 512.0, m.seqLen());
            number(out, c, "type_vocab_size", 2.0, 2);
            text(out, c, "hidden_act", "gelu", "gelu_new");
            text(out, c, "position_embedding_type", "absolute", "absolute");
            number(out, c, "layer_norm_eps", 1e-12, m.layerNormEps());
        }
        boolean tie = c.path("tie_word_embeddings").asBoolean(true);
        if (tie != m.tieEmbeddings()) {
            out.add("tie_word_embeddings: file " + tie + ", model " + m.tieEmbeddings());
        }
        return out;
    }

    private static void text(List<String> out, JsonNode c, String key, String dflt, String want) {
        JsonNode v = c.get(key);
        String got = v == null || v.isNull() ? dflt : v.asText();
        if (!want.equals(got)) {
            out.add(key + ": file " + got + ", model " + want);
        }
    }

    private static void number(List<String> out, JsonNode c, String key, Double dflt, double want) {
        JsonNode v = c.get(key);
        Double got = v == null || v.isNull() ? dflt : Double.valueOf(v.asDouble());
        if (got == null || Math.abs(got - want) > 1e-9 * Math.max(Math.abs(want), 1e-30)) {
            out.add(key + ": file " + (got == null ? "absent" : format(got)) + ", model " + format(want));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
