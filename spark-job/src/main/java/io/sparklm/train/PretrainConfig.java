package io.sparklm.train;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.batch.MaskingSpec;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.shard.Manifest;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable configuration of one pre-training run, composed from one ConfigMap: run settings, model
 * (vocabulary size, sequence length and padding id from the data manifest) and optimizer, plus dynamic MLM
 * masking when the shards carry no labels. {@link #from} rejects unknown keys and mismatched objective/family.
 * {@code initFrom}: key {@code init-from}, a HuggingFace model directory (export-hf's layout) or a sparklm
 * checkpoint or run output whose weights a fresh run starts from instead of the random initialisation; empty for
 * none.
 */
public record PretrainConfig(RunSettings run, ModelConfig model, OptimConfig optim, MaskingSpec dynamicMasking,
                             String objective, String initFrom) {

    public static final Key<String> INIT_FROM = Key.string("init-from", "", "URI",
            "a HuggingFace model directory (as export-hf writes it) or a sparklm checkpoint or run output (its newest"
                    + " checkpoint) whose weights, not its optimizer state or step, a fresh run starts from").resumable();

    /** Every key of the pre-training job, in help order. */
    public static final List<KeyGroup> KEYS = List.of(new KeyGroup("run", RunSettings.KEYS),
            new KeyGroup("model", ModelConfig.KEYS), new KeyGroup("optimizer", OptimConfig.KEYS),
            KeyGroup.of("data", MaskingSpec.MLM_PROB, INIT_FROM));

    /** The keys a resumed run may change (the rest must equal the checkpoint's). */
    public static Set<String> resumableKeys() {
        Set<String> out = new TreeSet<>();
        KEYS.forEach(g -> g.keys().stream().filter(Key::isResumable).forEach(k -> out.add(k.name())));
        return out;
    }

    /** {@code tokenizerJson}: the data root's tokenizer.json (for [MASK] and special ids), may be null for clm. */
    public static PretrainConfig from(ConfigMap c, Manifest manifest, String tokenizerJson) {
        RunSettings run = RunSettings.from(c);
        ModelConfig model = ModelConfig.from(c, manifest.vocabSize(), manifest.seqLen(), manifest.padId());
        OptimConfig optim = OptimConfig.from(c);
        String objective = manifest.objective();
        MaskingSpec masking = null;
        // presets may carry mlm-prob; it only matters for dynamic masking but is never an unknown key
        MaskingSpec.MLM_PROB.get(c);
        String initFrom = INIT_FROM.get(c);
        if (objective.equals("mlm") && manifest.masking().equals("dynamic")) {
            SpecialTokens sp = specialTokens(tokenizerJson);
            if (sp.mask() < 0) {
                throw new ConfigException("data: dynamic MLM masking needs a [MASK] token in the data's tokenizer.json");
            }
            masking = MaskingSpec.from(c, sp.mask(), manifest.vocabSize(), sp.specialIds());
        }
        c.requireAllUsed();
        if (run.gradAccumSteps() > 1 && run.trainer().equals("shared")) {
            throw new ConfigException("config key 'grad-accum-steps': gradient sharing (trainer=shared) applies every"
                    + " minibatch's update at once; use trainer=sync, averaging or local to accumulate");
        }
        boolean gpt = model.family().equals("gpt");
        if (gpt != objective.equals("clm")) {
            throw new ConfigException("config key 'family': family " + model.family() + " cannot train on "
                    + objective + " data (gpt needs clm shards, bert needs mlm shards)");
        }
        return new PretrainConfig(run, model, optim, masking, objective, initFrom);
    }

    private static SpecialTokens specialTokens(String tokenizerJson) {
        if (tokenizerJson == null) {
            throw new ConfigException("data: no tokenizer.json next to the shards (needed for dynamic masking)");
        }
        try {
            return SpecialTokens.of(Tokenizer.fromJson(tokenizerJson));
        } catch (RuntimeException e) {
            throw new ConfigException("data: tokenizer.json is not a valid tokenizer: " + e.getMessage());
        }
    }

    /** All settings under their config keys (the effective config). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(run.asConfig());
        m.putAll(model.asMap());
        m.putAll(optim.asMap());
        m.put("objective", objective);
        if (!initFrom.isEmpty()) {
            m.put(INIT_FROM.name(), initFrom);
        }
        if (dynamicMasking != null) {
            m.put(MaskingSpec.MLM_PROB.name(), dynamicMasking.prob());
        }
        return m;
    }
}
