package io.sparklm.export;

import io.sparklm.model.ModelConfig;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HuggingFace {@code config.json} (GPT2Config / BertConfig) and {@code tokenizer_config.json} of an exported
 * sparklm model. Activation {@code gelu_new} (sparklm's GELU is the tanh approximation, in BERT too); dropout:
 * sparklm drops embeddings and residual branches, never attention probabilities, so attention dropout is 0;
 * special-token ids come from the tokenizer (null when it has no such token or there is none).
 */
public final class HfConfig {
    private HfConfig() {}

    /** config.json for {@code m} in layout {@code layout}; {@code tok} may be null. */
    public static Map<String, Object> config(ModelConfig m, HfLayout layout, Tokenizer tok) {
        SpecialTokens sp = tok == null ? null : SpecialTokens.of(tok);
        Integer pad = sp != null && sp.pad() >= 0 ? sp.pad() : null;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(layout.architecture()));
        c.put("model_type", layout.modelType());
        c.put("vocab_size", m.vocabSize());
        if (m.isGpt()) {
            Integer eos = sp != null && sp.eos() >= 0 ? sp.eos() : null;
            c.put("n_positions", m.seqLen());
            c.put("n_ctx", m.seqLen());
            c.put("n_embd", m.dModel());
            c.put("n_layer", m.nLayers());
            c.put("n_head", m.nHeads());
            c.put("n_inner", m.dFf());
            c.put("activation_function", "gelu_new");
            c.put("resid_pdrop", m.dropout());
            c.put("embd_pdrop", m.dropout());
            c.put("attn_pdrop", 0.0);
            c.put("layer_norm_epsilon", m.layerNormEps());
            c.put("initializer_range", m.initStd());
            c.put("scale_attn_weights", true);
            c.put("scale_attn_by_inverse_layer_idx", false);
            c.put("reorder_and_upcast_attn", false);
            c.put("bos_token_id", eos);
            c.put("eos_token_id", eos);
            c.put("pad_token_id", pad);
        } else {
            c.put("hidden_size", m.dModel());
            c.put("num_hidden_layers", m.nLayers());
            c.put("num_attention_heads", m.nHeads());
            c.put("intermediate_size", m.dFf());
            c.put("hidden_act", "gelu_new");
            c.put("hidden_dropout_prob", m.dropout());
            c.put("attention_probs_dropout_prob", 0.0);
            c.put("max_position_embeddings", m.seqLen());
            c.put("type_vocab_size", 2);
            c.put("position_embedding_type", "absolute");
            c.put("layer_norm_eps", m.layerNormEps());
            c.put("initializer_range", m.initStd());
            c.put("pad_token_id", pad != null ? pad : m.padId() >= 0 ? m.padId() : null);
        }
        c.put("tie_word_embeddings", m.tieEmbeddings());
        c.put("torch_dtype", "float32");
        return c;
    }

    /**
     * tokenizer_config.json: {@code PreTrainedTokenizerFast} over tokenizer.json as written (no class-specific
     * defaults such as BertTokenizerFast's lower-casing), the special tokens the tokenizer has, and the window.
     */
    public static Map<String, Object> tokenizerConfig(ModelConfig m, Tokenizer tok) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        c.put("model_max_length", m.seqLen());
        String[][] roles = m.isGpt()
                ? new String[][]{{"bos_token", "<|endoftext|>"}, {"eos_token", "<|endoftext|>"},
                    {"unk_token", "<|endoftext|>"}, {"pad_token", "[PAD]", "<|pad|>", "<pad>"}}
                : new String[][]{{"unk_token", "[UNK]"}, {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"},
                    {"cls_token", "[CLS]"}, {"mask_token", "[MASK]"}};
        for (String[] role : roles) {
            for (int i = 1; i < role.length; i++) {
                if (tok.tokenToId(role[i]) >= 0) {
                    c.put(role[0], role[i]);
                    break;
                }
            }
        }
        return c;
    }
}
