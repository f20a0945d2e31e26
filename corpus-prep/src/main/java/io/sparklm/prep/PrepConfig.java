package io.sparklm.prep;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;

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

    /** Reads every key (see the README table / {@code --help}); throws ConfigException naming a bad key. */
    public static PrepConfig from(ConfigMap c) {
        InputOptions in = InputOptions.from(c);
        String objective = c.choice("objective", "clm", "clm", "mlm");
        int seqLen = c.integer("seq-len", 0, 8, 65536);
        if (seqLen == 0) {
            throw new ConfigException("seq-len", null, "an integer in [8, 65536] (this key is required)");
        }
        int maxPred = c.integer("max-predictions-per-seq", Math.max(1, (int) Math.round(seqLen * 0.15) + 1), 1, 65536);
        return new PrepConfig(in, c.requiredString("output"), c.requiredString("tokenizer"), objective,
                seqLen, c.longValue("seed", 1234, Long.MIN_VALUE, Long.MAX_VALUE),
                c.number("validation-fraction", 0.01, 0.0, 1.0), c.integer("shard-mb", 64, 1, 1024),
                c.integer("partitions", 0, 0, 100_000), c.number("mask-prob", 0.15, 0.0, 1.0), maxPred,
                c.number("short-seq-prob", 0.1, 0.0, 1.0), c.bool("nsp", true), c.bool("whole-word-mask", false),
                c.integer("dupe-factor", 1, 1, 100), c.choice("masking", "static", "static", "dynamic"),
                c.integer("mlm-group-docs", 64, 2, 1_000_000), c.bool("overwrite", false));
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
