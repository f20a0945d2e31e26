package io.sparklm.export;

import io.sparklm.export.HfParam.Kind;
import io.sparklm.model.ModelConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HuggingFace state-dict layout of a sparklm model, as {@code save_pretrained} writes it: GPT2LMHeadModel
 * (prefix {@code transformer.}, Conv1D weights [in, out] as DL4J stores them, one fused c_attn) for gpt;
 * BertForMaskedLM, or BertForPreTraining with the NSP head (prefix {@code bert.}, nn.Linear weights [out, in],
 * separate query/key/value) for bert. {@code tied}: names HF ties to another tensor and leaves out of the file
 * (the LM head's weight when tied to the token embedding; BERT's decoder bias, always {@code cls.predictions.bias}).
 */
public record HfLayout(String architecture, String modelType, String prefix, List<HfParam> params,
                       List<String> tied) {

    /** The layout of {@code m}; IllegalArgumentException naming the setting HF cannot represent. */
    public static HfLayout of(ModelConfig m) {
        String refusal = refusal(m);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        return m.isGpt() ? gpt2(m) : bert(m);
    }

    /** Why HF's GPT-2/BERT cannot compute {@code m}, or null when they can. */
    public static String refusal(ModelConfig m) {
        if (!m.positional().equals("learned")) {
            return "positional=" + m.positional() + " cannot be exported: HuggingFace GPT2/BERT learn their position"
                    + " embeddings (needs positional=learned)";
        }
        if (m.isGpt() && m.isPostNorm()) {
            return "family=gpt with norm=post cannot be exported: GPT2LMHeadModel is pre-LN (needs norm=pre)";
        }
        if (!m.isGpt() && !m.isPostNorm()) {
            return "family=bert with norm=pre cannot be exported: BertForMaskedLM is post-LN (needs norm=post)";
        }
        return null;
    }

    /** The DL4J parameter names the layout reads, each once. */
    public Set<String> dl4jNames() {
        Set<String> s = new LinkedHashSet<>();
        params.forEach(p -> s.add(p.dl4jName()));
        return s;
    }

    private static HfLayout gpt2(ModelConfig m) {
        List<HfParam> l = new ArrayList<>();
        String t = "transformer.";
        l.add(HfParam.of(t + "wte.weight", "tokEmb_W", Kind.COPY));
        l.add(HfParam.of(t + "wpe.weight", "pos_pos", Kind.COPY));
        for (int i = 0; i < m.nLayers(); i++) {
            String h = t + "h." + i + ".";
            String a = "attn" + i + "_";
            String f = "mlp" + i + "_";
            layerNorm(l, h + "ln_1", a);
            l.add(HfParam.of(h + "attn.c_attn.weight", a + "Wqkv", Kind.COPY));
            l.add(HfParam.of(h + "attn.c_attn.bias", a + "bqkv", Kind.VECTOR));
            l.add(HfParam.of(h + "attn.c_proj.weight", a + "Wo", Kind.COPY));
            l.add(HfParam.of(h + "attn.c_proj.bias", a + "bo", Kind.VECTOR));
            layerNorm(l, h + "ln_2", f);
            l.add(HfParam.of(h + "mlp.c_fc.weight", f + "W1", Kind.COPY));
            l.add(HfParam.of(h + "mlp.c_fc.bias", f + "b1", Kind.VECTOR));
            l.add(HfParam.of(h + "mlp.c_proj.weight", f + "W2", Kind.COPY));
            l.add(HfParam.of(h + "mlp.c_proj.bias", f + "b2", Kind.VECTOR));
        }
        layerNorm(l, t + "ln_f", "lnf_");
        List<String> tied = new ArrayList<>();
        if (m.tieEmbeddings()) {
            tied.add("lm_head.weight");
        } else {
            l.add(HfParam.of("lm_head.weight", "lm_W", Kind.TRANSPOSE));
        }
        return new HfLayout("GPT2LMHeadModel", "gpt2", "transformer.", l, tied);
    }

    private static HfLayout bert(ModelConfig m) {
        List<HfParam> l = new ArrayList<>();
        String e = "bert.embeddings.";
        l.add(HfParam.of(e + "word_embeddings.weight", "tokEmb_W", Kind.COPY));
        l.add(HfParam.of(e + "position_embeddings.weight", "pos_pos", Kind.COPY));
        l.add(HfParam.of(e + "token_type_embeddings.weight", "segEmb_W", Kind.COPY));
        layerNorm(l, e + "LayerNorm", "embLn_");
        String[] qkv = {"query", "key", "value"};
        for (int i = 0; i < m.nLayers(); i++) {
            String h = "bert.encoder.layer." + i + ".";
            String a = "attn" + i + "_";
            String f = "mlp" + i + "_";
            for (int part = 0; part < 3; part++) {
                l.add(new HfParam(h + "attention.self." + qkv[part] + ".weight", a + "Wqkv", Kind.QKV_WEIGHT, part));
                l.add(new HfParam(h + "attention.self." + qkv[part] + ".bias", a + "bqkv", Kind.QKV_BIAS, part));
            }
            l.add(HfParam.of(h + "attention.output.dense.weight", a + "Wo", Kind.TRANSPOSE));
            l.add(HfParam.of(h + "attention.output.dense.bias", a + "bo", Kind.VECTOR));
            layerNorm(l, h + "attention.output.LayerNorm", "ln" + i + "a_");
            l.add(HfParam.of(h + "intermediate.dense.weight", f + "W1", Kind.TRANSPOSE));
            l.add(HfParam.of(h + "intermediate.dense.bias", f + "b1", Kind.VECTOR));
            l.add(HfParam.of(h + "output.dense.weight", f + "W2", Kind.TRANSPOSE));
            l.add(HfParam.of(h + "output.dense.bias", f + "b2", Kind.VECTOR));
            layerNorm(l, h + "output.LayerNorm", "ln" + i + "b_");
        }
        if (m.nsp()) {
            l.add(HfParam.of("bert.pooler.dense.weight", "pool_W", Kind.TRANSPOSE));
            l.add(HfParam.of("bert.pooler.dense.bias", "pool_b", Kind.VECTOR));
        }
        String c = "cls.predictions.";
        l.add(HfParam.of(c + "transform.dense.weight", "mlmTransform_W", Kind.TRANSPOSE));
        l.add(HfParam.of(c + "transform.dense.bias", "mlmTransform_b", Kind.VECTOR));
        layerNorm(l, c + "transform.LayerNorm", "mlmTransform_");
        l.add(HfParam.of(c + "bias", "lm_b", Kind.VECTOR));
        List<String> tied = new ArrayList<>();
        if (m.tieEmbeddings()) {
            tied.add(c + "decoder.weight");
        } else {
            l.add(HfParam.of(c + "decoder.weight", "lm_W", Kind.TRANSPOSE));
        }
        tied.add(c + "decoder.bias");
        if (m.nsp()) {
            l.add(HfParam.of("cls.seq_relationship.weight", "nsp_W", Kind.TRANSPOSE));
            l.add(HfParam.of("cls.seq_relationship.bias", "nsp_b", Kind.VECTOR));
        }
        return new HfLayout(m.nsp() ? "BertForPreTraining" : "BertForMaskedLM", "bert", "bert.", l, tied);
    }

    private static void layerNorm(List<HfParam> l, String hf, String dl4jPrefix) {
        l.add(HfParam.of(hf + ".weight", dl4jPrefix + "lnG", Kind.VECTOR));
        l.add(HfParam.of(hf + ".bias", dl4jPrefix + "lnB", Kind.VECTOR));
    }
}
