package io.sparklm.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raw {@code key=value} settings from preset files and command-line overrides, read through typed getters.
 * Every getter records the key as known; {@link #requireAllUsed()} then rejects any key no getter asked for,
 * so a typo fails fast with a message naming the key. Keys are kebab-case ({@code seq-len}); values are strings
 * until a getter parses them, and a bad value fails with {@link ConfigException} naming key, value and expectation.
 */
public final class ConfigMap {
    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final Set<String> used = new TreeSet<>();

    ConfigMap(Map<String, String> values, Map<String, String> origins) {
        this.values = new LinkedHashMap<>(values);
        this.origins = new LinkedHashMap<>(origins);
    }

    /** A map from literal pairs, for tests and programmatic use; origin "code". */
    public static ConfigMap of(Map<String, String> values) {
        Map<String, String> origins = new LinkedHashMap<>();
        values.keySet().forEach(k -> origins.put(k, "code"));
        return new ConfigMap(values, origins);
    }

    /**
     * A new map with {@code defaults} under every key that is not set here (origin "default of " + {@code who}),
     * for jobs whose defaults depend on their input; keys asked for so far count as asked for in the new map too.
     */
    public ConfigMap withDefaults(Map<String, String> defaults, String who) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        defaults.forEach((k, d) -> {
            if (!v.containsKey(k)) {
                v.put(k, d);
                o.put(k, "default of " + who);
            }
        });
        ConfigMap c = new ConfigMap(v, o);
        c.used.addAll(used);
        return c;
    }

    public boolean has(String key) {
        used.add(key);
        return values.containsKey(key);
    }

    public String string(String key, String defaultValue) {
        used.add(key);
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    public String requiredString(String key) {
        used.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, null, "a value (this key is required)");
        }
        return v;
    }

    public int integer(String key, int defaultValue) {
        return integer(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** An int in [min, max]. */
    public int integer(String key, int defaultValue, int min, int max) {
        long v = longValue(key, defaultValue, min, max);
        return (int) v;
    }

    /** A long in [min, max]; accepts underscores and k/m/g suffixes (1k = 1000). */
    public long longValue(String key, long defaultValue, long min, long max) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        long v;
        try {
            v = parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "an integer");
        }
        if (v < min || v > max) {
            throw new ConfigException(key, raw, "an integer in [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A double in [min, max]. */
    public double number(String key, double defaultValue, double min, double max) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "a number");
        }
        if (Double.isNaN(v) || v < min || v > max) {
            throw new ConfigException(key, raw, "a number in [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean bool(String key, boolean defaultValue) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        switch (raw.trim().toLowerCase()) {
            case "true": case "yes": case "1": case "on": return true;
            case "false": case "no": case "0": case "off": return false;
            default: throw new ConfigException(key, raw, "true or false");
        }
    }

    /** One of the given lower-case choices. */
    public String choice(String key, String defaultValue, String... choices) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        String v = raw.trim().toLowerCase();
        for (String c : choices) {
            if (c.equals(v)) {
                return c;
            }
        }
        throw new ConfigException(key, raw, "one of " + String.join("|", choices));
    }

    /** Comma-separated list; empty list when absent. */
    public List<String> list(String key) {
        used.add(key);
        String raw = values.get(key);
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** Throws naming the first key that no getter asked for (with the known keys, for a typo). */
    public void requireAllUsed() {
        for (String key : values.keySet()) {
            if (!used.contains(key)) {
                throw new ConfigException("unknown config key '" + key + "' (from " + origins.get(key)
                        + "); known keys: " + String.join(", ", used));
            }
        }
    }

    /** Where {@code key}'s value came from: a preset file and line, "command line" or "code"; null if unset. */
    public String origin(String key) {
        return origins.get(key);
    }

    /** The raw settings as given, sorted by key. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    private static long parseLong(String s) {
        String t = s.replace("_", "").toLowerCase();
        long mult = 1;
        if (t.endsWith("k")) { mult = 1_000L; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("m")) { mult = 1_000_000L; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("g")) { mult = 1_000_000_000L; t = t.substring(0, t.length() - 1); }
        return Math.multiplyExact(Long.parseLong(t), mult);
    }
}
