package io.sparklm.model;

import io.sparklm.optim.OptimConfig;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.EffectiveConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ModelInfoCli --preset NAME --vocab-size V --seq-len T [key=value ...]}: prints the effective model and
 * optimizer settings of a preset (stderr) and its exact parameter count as one JSON line on stdout, without
 * building the model. Exit 2 on bad arguments. Training-run keys in presets are ignored.
 */
public final class ModelInfoCli {
    private ModelInfoCli() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println("usage: ModelInfoCli --preset NAME --vocab-size V --seq-len T [key=value ...]");
            return;
        }
        try {
            ConfigMap c = ConfigLoader.parse(args).config();
            int vocab = c.integer("vocab-size", 8000, 2, 1 << 24);
            int seqLen = c.integer("seq-len", 128, 2, 1 << 20);
            ModelConfig m = ModelConfig.from(c, vocab, seqLen);
            OptimConfig o = OptimConfig.from(c);
            Map<String, Object> all = new LinkedHashMap<>(m.asMap());
            all.putAll(o.asMap());
            new EffectiveConfig(all).print("model");
            System.out.printf("{\"family\":\"%s\",\"parameters\":%d,\"d_model\":%d,\"n_layers\":%d,\"vocab_size\":%d,"
                    + "\"seq_len\":%d}%n", m.family(), m.parameterCount(), m.dModel(), m.nLayers(), vocab, seqLen);
        } catch (ConfigException e) {
            System.err.println("ModelInfoCli: " + e.getMessage());
            System.exit(2);
        }
    }
}
