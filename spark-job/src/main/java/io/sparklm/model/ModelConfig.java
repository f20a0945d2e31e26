package io.sparklm.model;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;

import java.util.LinkedHashMap;
import java.util.List;
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

    public static final Key<String> FAMILY = Key.choice("family", "gpt",
            "gpt (causal LM on clm shards) or bert (masked LM on mlm shards, optional NSP head)", "gpt", "bert");
    public static final Key<Integer> D_MODEL = Key.integer("d-model", 128, 2, 65536, "hidden size");
    public static final Key<Integer> N_LAYERS = Key.integer("n-layers", 2, 1, 1000, "transformer blocks");
    public static final Key<Integer> N_HEADS = Key.integer("n-heads", 4, 1, 1024,
            "attention heads (d-model must be a multiple)");
    public static final Key<Integer> D_FF = Key.integer("d-ff", 0, 0, 1 << 20,
            "feed-forward width; 0 = 4 x d-model").computedDefault("4 x d-model");
    public static final Key<Double> DROPOUT = Key.number("dropout", 0.1, 0, 0.9,
            "dropout rate; masks keyed by seed, layer, step and minibatch, so resume is exact");
    public static final Key<String> POSITIONAL = Key.choice("positional", "learned",
            "position embeddings: learned table or fixed sinusoidal", "learned", "sinusoidal");
    public static final Key<Boolean> NSP = Key.bool("nsp", false,
            "bert: next-sentence-prediction head (needs mlm shards made with nsp=true)");
    public static final Key<Double> INIT_STD = Key.number("init-std", 0.02, 1e-6, 1,
            "standard deviation of the initial weights (residual projections scaled as in GPT-2)");
    public static final Key<Boolean> DECAY_EMBEDDINGS = Key.bool("decay-embeddings", false,
            "apply weight decay to the embedding tables too");
    public static final Key<String> DTYPE = Key.choice("dtype", "float",
            "parameter precision: float for training, double for gradient checks", "float", "double");
    public static final Key<Boolean> LOSS_WITHIN_DOCUMENTS = Key.bool("loss-within-documents", false,
            "gpt: no loss for a target that starts the next document of a window");
    public static final Key<String> NORM = Key.choice("norm", "pre",
            "LayerNorm placement: pre (GPT-2, inside each branch) or post (BERT, after each residual)", "pre",
            "post").computedDefault("pre for gpt, post for bert");
    public static final Key<Boolean> TIE_EMBEDDINGS = Key.bool("tie-embeddings", true,
            "the LM head projects with the token embedding table (as GPT-2 and BERT do)");
    public static final Key<Double> LAYER_NORM_EPS = Key.number("layer-norm-eps", 1e-5, 1e-30, 1,
            "LayerNorm epsilon").computedDefault("1e-5 for gpt, 1e-12 for bert");

    /** The model keys, in help order (the seed is a run key, {@code RunSettings.SEED}). */
    public static final List<Key<?>> KEYS = List.of(FAMILY, D_MODEL, N_LAYERS, N_HEADS, D_FF, DROPOUT, POSITIONAL,
            NSP, INIT_STD, DECAY_EMBEDDINGS, DTYPE, LOSS_WITHIN_DOCUMENTS, NORM, TIE_EMBEDDINGS, LAYER_NORM_EPS);

    /** The seed key, shared with the run settings. */
    public static final Key<Long> SEED = Key.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE,
            "seed of initialisation, data order, dropout and masking streams");

    /**
     * The model keys from {@code c}; vocabulary size and sequence length come from the data manifest; no padding.
     */
    public static ModelConfig from(ConfigMap c, int vocabSize, int seqLen) {
        return from(c, vocabSize, seqLen, -1);
    }

    /** As {@link #from(ConfigMap, int, int)} with the data's pad id (shard header), -1 for none. */
    public static ModelConfig from(ConfigMap c, int vocabSize, int seqLen, int padId) {
        String family = FAMILY.get(c);
        boolean gpt = family.equals("gpt");
        int d = D_MODEL.get(c);
        int ff = D_FF.get(c);
        return new ModelConfig(family, vocabSize, seqLen, d, N_LAYERS.get(c), N_HEADS.get(c), ff == 0 ? 4 * d : ff,
                DROPOUT.get(c), POSITIONAL.get(c), NSP.get(c), SEED.get(c), padId, INIT_STD.get(c),
                DECAY_EMBEDDINGS.get(c), DTYPE.get(c), LOSS_WITHIN_DOCUMENTS.get(c), NORM.get(c, gpt ? "pre" : "post"),
                TIE_EMBEDDINGS.get(c), LAYER_NORM_EPS.get(c, gpt ? 1e-5 : 1e-12));
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
        m.put(FAMILY.name(), family);
        m.put("vocab-size", vocabSize);
        m.put("seq-len", seqLen);
        m.put(D_MODEL.name(), dModel);
        m.put(N_LAYERS.name(), nLayers);
        m.put(N_HEADS.name(), nHeads);
        m.put(D_FF.name(), dFf);
        m.put(DROPOUT.name(), dropout);
        m.put(POSITIONAL.name(), positional);
        m.put(NSP.name(), nsp);
        m.put(SEED.name(), seed);
        m.put("pad-id", padId);
        m.put(INIT_STD.name(), initStd);
        m.put(DECAY_EMBEDDINGS.name(), decayEmbeddings);
        m.put(DTYPE.name(), dtype);
        m.put(LOSS_WITHIN_DOCUMENTS.name(), lossWithinDocuments);
        m.put(NORM.name(), norm);
        m.put(TIE_EMBEDDINGS.name(), tieEmbeddings);
        m.put(LAYER_NORM_EPS.name(), layerNormEps);
        m.put("parameters", parameterCount());
        return m;
    }
}
