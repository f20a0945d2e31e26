package io.sparklm.train;

import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sparklm model-info}: the effective model and optimizer settings of a preset (logged) and its exact
 * parameter count as one JSON line on stdout, without building the model. The run keys of a pre-training preset
 * are accepted and not used.
 */
public final class ModelInfoCommand implements Command {
    static final Key<Integer> VOCAB = Key.integer("vocab-size", 8000, 2, 1 << 24,
            "vocabulary size (a training run takes it from the data)");
    static final Key<Integer> SEQ_LEN = Key.integer("seq-len", 128, 2, 1 << 20,
            "sequence length (a training run takes it from the data)");

    @Override
    public String name() {
        return "model-info";
    }

    @Override
    public String summary() {
        return "a preset's model settings and exact parameter count, without building the model";
    }

    @Override
    public List<KeyGroup> keys() {
        List<KeyGroup> g = new ArrayList<>();
        g.add(KeyGroup.of("shape", VOCAB, SEQ_LEN));
        for (KeyGroup k : PretrainConfig.KEYS) {
            g.add(k.title().equals("model") || k.title().equals("optimizer") ? k
                    : new KeyGroup(k.title() + " (accepted from pre-training presets, not used)", k.keys()));
        }
        return g;
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) {
        int vocab = VOCAB.get(c);
        int seqLen = SEQ_LEN.get(c);
        ModelConfig m = ModelConfig.from(c, vocab, seqLen);
        OptimConfig o = OptimConfig.from(c);
        Map<String, Object> all = new LinkedHashMap<>(m.asMap());
        all.putAll(o.asMap());
        new EffectiveConfig(all).print("model");
        out.printf("{\"family\":\"%s\",\"parameters\":%d,\"d_model\":%d,\"n_layers\":%d,\"vocab_size\":%d,"
                + "\"seq_len\":%d}%n", m.family(), m.parameterCount(), m.dModel(), m.nLayers(), vocab, seqLen);
        return ExitCodes.OK;
    }
}
