package io.sparklm.model;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Architecture of one transformer LM. {@code family} gpt (causal, next-token loss) or bert (bidirectional,
 * masked-token loss, segment embeddings, optional NSP head). {@code vocabSize}, {@code seqLen} and {@code padId}
 * come from the data (manifest / shard header); {@code padId} -1 means "no padding". {@code dFf} 0 in the config
 * means 4*dModel. {@code dtype} float for training, double for gradient checks. {@code norm}: {@code pre}
 * (GPT-2: LayerNorm inside each branch, a final LayerNorm) or {@code post} (BERT: LayerNorm after each residual
 * and after the embeddings, none at the end); defaults pre for gpt, post for bert. {@code tieEmbeddings}: the LM
 * head projects with the token embedding table (GPT-2 and BERT do). {@code layerNormEps}: 1e-5 (GPT-2) for gpt,
 * 1e-12 (BERT) for bert by default.
 */
public record ModelConfig(String family, int vocabSize, int seqLen, int dModel, int nLayers, int nHeads, int dFf,
                          double dropout, String positional, boolean nsp, long seed, int padId, double initStd,
                          boolean decayEmbeddings, String dtype, boolean lossWithinDocuments, String norm,
                          boolean tieEmbeddings, double layerNormEps) {

    public ModelConfig {
        if (!family.equals("gpt") && !family.equals("bert")) {
            throw new ConfigException("config key 'family': expected gpt|bert, got '" + family + "'");
        }
        if (dModel % nHeads != 0) {
            throw new ConfigException("config key 'n-heads': d-model " + dModel + " is not divisible by " + nHeads);
        }
        if (!norm.equals("pre") && !norm.equals("post")) {
            throw new ConfigException("config key 'norm': expected pre|post, got '" + norm + "'");
        }
        if (nsp && !family.equals("bert")) {
            throw new ConfigException("config key 'nsp': the NSP head needs family = bert");
        }
        if (vocabSize < 2 || seqLen < 2) {
            throw new ConfigException("vocab size " + vocabSize + " and seq-len " + seqLen + " must be >= 2");
        }
    }

    /**
     * Keys: family, d-model, n-layers, n-heads, d-ff, dropout, positional, nsp, seed, init-std, decay-embeddings,
     * dtype. Vocabulary size and sequence length come from the data manifest; no padding.
     */
    public static ModelConfig from(ConfigMap c, int vocabSize, int seqLen) {
        return from(c, vocabSize, seqLen, -1);
    }

    /** As {@link #from(ConfigMap, int, int)} with the data's pad id (shard header), -1 for none. */
    public static ModelConfig from(ConfigMap c, int vocabSize, int seqLen, int padId) {
        String family = c.choice("family", "gpt", "gpt", "bert");
        boolean gpt = family.equals("gpt");
        int d = c.integer("d-model", 128, 2, 65536);
        int ff = c.integer("d-ff", 0, 0, 1 << 20);
        return new ModelConfig(family, vocabSize, seqLen, d,
                c.integer("n-layers", 2, 1, 1000),
                c.integer("n-heads", 4, 1, 1024),
                ff == 0 ? 4 * d : ff,
                c.number("dropout", 0.1, 0, 0.9),
                c.choice("positional", "learned", "learned", "sinusoidal"),
                c.bool("nsp", false),
                c.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                padId,
                c.number("init-std", 0.02, 1e-6, 1),
                c.bool("decay-embeddings", false),
                c.choice("dtype", "float", "float", "double"),
                c.bool("loss-within-documents", false),
                c.choice("norm", gpt ? "pre" : "post", "pre", "post"),
                c.bool("tie-embeddings", true),
                c.number("layer-norm-eps", gpt ? 1e-5 : 1e-12, 1e-30, 1));
    }

    public boolean isGpt() {
        return family.equals("gpt");
    }

    /** LayerNorm after each residual (BERT) rather than inside each branch (GPT-2). */
    public boolean isPostNorm() {
        return norm.equals("post");
    }

    /** Same model over a different data shape (vocabulary, window length, pad id). */
    public ModelConfig withData(int vocab, int len, int pad) {
        return new ModelConfig(family, vocab, len, dModel, nLayers, nHeads, dFf, dropout, positional, nsp, seed, pad,
                initStd, decayEmbeddings, dtype, lossWithinDocuments, norm, tieEmbeddings, layerNormEps);
    }

    /** Exact number of trainable parameters of {@link TransformerModel#build}. */
    public long parameterCount() {
        long d = dModel;
        long v = vocabSize;
        long n = v * d;                                           // token embedding
        if (!isGpt()) {
            n += 2 * d;                                           // segment embedding
        }
        if (positional.equals("learned")) {
            n += (long) seqLen * d;
        }
        long attn = 2 * d + d * 3 * d + 3 * d + d * d + d;       // LayerNorm (before or after) + projections
        long mlp = 2 * d + d * dFf + dFf + (long) dFf * d + d;
        n += nLayers * (attn + mlp);
        n += 2 * d;                                               // final LayerNorm (pre) or embedding LayerNorm (post)
        if (!isGpt()) {
            n += d * d + d + 2 * d;                               // masked-LM head transform
        }
        if (!tieEmbeddings) {
            n += d * v;                                           // untied LM head projection
        }
        if (!isGpt()) {
            n += v;                                               // decoder bias (GPT-2's head has none)
        }
        if (nsp) {
            n += d * d + d + d * 2 + 2;
        }
        return n;
    }

    /** Settings under their config keys plus data-derived fields, for EffectiveConfig and checkpoints. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.put("vocab-size", vocabSize);
        m.put("seq-len", seqLen);
        m.put("d-model", dModel);
        m.put("n-layers", nLayers);
        m.put("n-heads", nHeads);
        m.put("d-ff", dFf);
        m.put("dropout", dropout);
        m.put("positional", positional);
        m.put("nsp", nsp);
        m.put("seed", seed);
        m.put("pad-id", padId);
        m.put("init-std", initStd);
        m.put("decay-embeddings", decayEmbeddings);
        m.put("dtype", dtype);
        m.put("loss-within-documents", lossWithinDocuments);
        m.put("norm", norm);
        m.put("tie-embeddings", tieEmbeddings);
        m.put("layer-norm-eps", layerNormEps);
        m.put("parameters", parameterCount());
        return m;
    }
}
