package io.sparklm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.config.ConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What may change between the invocations of one run. A resumed run compares its effective config with the
 * checkpoint's {@code config.json}: keys in {@link #CHANGEABLE} (learning-rate schedule, step and time budget,
 * logging, evaluation and checkpoint cadence, timeouts, the trainer's transport, init-from which only a fresh
 * start reads; a fine-tuning run's checkpoint, train and validation URIs, whose content the prepared data's
 * SHA-256 keys pin, and its epochs, which only set the max-steps default) may differ; any other difference
 * (model shape, data order, optimizer, seed) is refused before training, naming each key with both values.
 */
public final class ResumeCheck {
    /** Keys whose value may differ from the checkpoint's ({@link io.sparklm.config.Key#isResumable()}). */
    public static final Set<String> CHANGEABLE = changeable();

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResumeCheck() {}

    private static Set<String> changeable() {
        Set<String> s = new TreeSet<>(PretrainConfig.resumableKeys());
        s.addAll(io.sparklm.finetune.FinetuneConfig.resumableKeys());
        return Set.copyOf(s);
    }

    /** The keys that differ between the checkpoint's config JSON and {@code now}, as "key (old -> new)". */
    public static List<String> differences(String checkpointConfigJson, Map<String, Object> now) throws IOException {
        Map<String, String> before = new TreeMap<>();
        JsonNode n = JSON.readTree(checkpointConfigJson);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            before.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        Map<String, String> after = new TreeMap<>();
        now.forEach((k, v) -> after.put(k, JSON.valueToTree(v).isValueNode() ? JSON.valueToTree(v).asText()
                : JSON.valueToTree(v).toString()));
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String a = before.get(k);
            String b = after.get(k);
            if (!same(a, b)) {
                out.add(k + " (" + (a == null ? "unset" : a) + " -> " + (b == null ? "unset" : b) + ")");
            }
        }
        return out;
    }

    /** Throws a ConfigException naming every changed key outside {@link #CHANGEABLE}. */
    public static void requireResumable(String checkpointConfigJson, Map<String, Object> now, String checkpoint)
            throws IOException {
        List<String> refused = new ArrayList<>();
        for (String d : differences(checkpointConfigJson, now)) {
            if (!CHANGEABLE.contains(d.substring(0, d.indexOf(' ')))) {
                refused.add(d);
            }
        }
        if (!refused.isEmpty()) {
            throw new ConfigException("cannot resume " + checkpoint + " with a different " + String.join(", ", refused)
                    + "; resume with the checkpoint's values or start a new --output (keys that may change on "
                    + "resume: " + String.join(" ", new TreeSet<>(CHANGEABLE)) + ")");
        }
    }

    /** SHA-256 of the config without the changeable keys: equal for every invocation of one run. */
    public static String identityHash(io.sparklm.config.EffectiveConfig c) {
        Map<String, Object> m = new TreeMap<>(c.values());
        m.keySet().removeAll(CHANGEABLE);
        return new io.sparklm.config.EffectiveConfig(m).hash();
    }

    private static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
