package io.sparklm.prep;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable settings of one corpus-prep run, built from a {@link ConfigMap} (every key below; unknown keys are
 * rejected by the caller's {@code requireAllUsed()}). Sizes: {@code shardMb}/{@code splitMb} in MiB (2^20 bytes),
 * {@code minChars}/{@code maxChars} in UTF-16 chars of cleaned text, {@code seqLen} in tokens.
 */
public record PrepConfig(InputOptions inputOptions, String output, String tokenizer, String objective, int seqLen,
                         long seed, double validationFraction, int shardMb, int partitions, double maskProb,
                         int maxPredictionsPerSeq,
                         double shortSeqProb, boolean nsp, boolean wholeWordMask, int dupeFactor, String masking,
                         int mlmGroupDocs, boolean overwrite) implements Serializable {

    public static final Key<String> OUTPUT = Key.required("output", "URI",
            "the output directory: shards, manifest.json, tokenizer.json, config.json (written whole or not at all)");
    public static final Key<String> TOKENIZER = Key.required("tokenizer", "URI",
            "a tokenizer.json (sparklm tokenizer train, or a HuggingFace BPE/WordPiece one)");
    public static final Key<String> OBJECTIVE = Key.choice("objective", "clm",
            "clm: windows of the concatenated documents; mlm: BERT instances with masking and NSP", "clm", "mlm");
    public static final Key<Integer> SEQ_LEN = Key.integer("seq-len", 0, 8, 65536, "tokens per sequence")
            .computedDefault("required");
    public static final Key<Long> SEED = Key.longValue("seed", 1234, Long.MIN_VALUE, Long.MAX_VALUE,
            "the document order, shard assignment and masking: the same seed gives byte-identical shards");
    public static final Key<Double> VALIDATION_FRACTION = Key.number("validation-fraction", 0.01, 0, 1,
            "documents for validation, chosen by a hash of their content (not the seed)");
    public static final Key<Integer> SHARD_MB = Key.integer("shard-mb", 64, 1, 1024, "target shard size in MiB");
    public static final Key<Integer> PARTITIONS = Key.integer("partitions", 0, 0, 100_000,
            "Spark partitions of the shuffle; does not change the output bytes").computedDefault(
            "Spark's default parallelism");
    public static final Key<Boolean> OVERWRITE = Key.bool("overwrite", false,
            "replace an existing output (only once the new one is complete)");
    public static final Key<Double> MASK_PROB = Key.number("mask-prob", 0.15, 0, 1,
            "mlm: fraction of tokens chosen for prediction (80% [MASK], 10% random, 10% kept)");
    public static final Key<Integer> MAX_PREDICTIONS = Key.integer("max-predictions-per-seq", 0, 1, 65536,
            "mlm: cap on predicted positions per sequence").computedDefault("round(0.15 x seq-len) + 1");
    public static final Key<Double> SHORT_SEQ_PROB = Key.number("short-seq-prob", 0.1, 0, 1,
            "mlm: fraction of instances with a shorter random target length (BERT's)");
    public static final Key<Boolean> NSP = Key.bool("nsp", true, "mlm: sentence pairs with next-sentence labels");
    public static final Key<Boolean> WHOLE_WORD_MASK = Key.bool("whole-word-mask", false,
            "mlm: mask all pieces of a word together");
    public static final Key<Integer> DUPE_FACTOR = Key.integer("dupe-factor", 1, 1, 100,
            "mlm: instances per document, each masked differently");
    public static final Key<String> MASKING = Key.choice("masking", "static",
            "mlm: static stores masked sequences; dynamic stores them unmasked and pretrain masks per epoch",
            "static", "dynamic");
    public static final Key<Integer> MLM_GROUP_DOCS = Key.integer("mlm-group-docs", 64, 2, 1_000_000,
            "mlm: documents per group from which NSP random-next segments are drawn");
    /** Every key of {@code sparklm corpus-prep}, in help order. */
    public static final List<KeyGroup> KEYS = List.of(new KeyGroup("input", InputOptions.KEYS),
            KeyGroup.of("output", OUTPUT, TOKENIZER, OBJECTIVE, SEQ_LEN, SEED, VALIDATION_FRACTION, SHARD_MB,
                    PARTITIONS, OVERWRITE),
            KeyGroup.of("mlm", MASK_PROB, MAX_PREDICTIONS, SHORT_SEQ_PROB, NSP, WHOLE_WORD_MASK, DUPE_FACTOR, MASKING,
                    MLM_GROUP_DOCS));

    /** Reads every key; throws ConfigException naming a bad key. */
    public static PrepConfig from(ConfigMap c) {
        InputOptions in = InputOptions.from(c);
        int seqLen = SEQ_LEN.get(c);
        if (seqLen == 0) {
            throw new ConfigException(SEQ_LEN.name(), null, "an integer in [8, 65536] (this key is required)");
        }
        int maxPred = MAX_PREDICTIONS.get(c, Math.max(1, (int) Math.round(seqLen * 0.15) + 1));
        return new PrepConfig(in, OUTPUT.get(c), TOKENIZER.get(c), OBJECTIVE.get(c), seqLen, SEED.get(c),
                VALIDATION_FRACTION.get(c), SHARD_MB.get(c), PARTITIONS.get(c), MASK_PROB.get(c), maxPred,
                SHORT_SEQ_PROB.get(c), NSP.get(c), WHOLE_WORD_MASK.get(c), DUPE_FACTOR.get(c), MASKING.get(c),
                MLM_GROUP_DOCS.get(c), OVERWRITE.get(c));
    }

    /** The effective config (kebab-case keys), saved as config.json. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(inputOptions.asMap());
        m.put("output", output);
        m.put("tokenizer", tokenizer);
        m.put("objective", objective);
        m.put("seq-len", seqLen);
        m.put("seed", seed);
        m.put("validation-fraction", validationFraction);
        m.put("shard-mb", shardMb);
        m.put("split-mb", inputOptions.splitMb());
        if (objective.equals("mlm")) {
            m.put("mask-prob", maskProb);
            m.put("max-predictions-per-seq", maxPredictionsPerSeq);
            m.put("short-seq-prob", shortSeqProb);
            m.put("nsp", nsp);
            m.put("whole-word-mask", wholeWordMask);
            m.put("dupe-factor", dupeFactor);
            m.put("masking", masking);
            m.put("mlm-group-docs", mlmGroupDocs);
        }
        return m;
    }
}
