package io.sparklm.config;

import java.util.List;

/**
 * One configuration key: its name, value type and range, default and meaning. Jobs read their settings only
 * through keys ({@link #get}); the same declarations produce {@code --help}, the README's configuration
 * reference and the list of keys a resumed run may change ({@link #resumable()}).
 *
 * @param <T> the parsed value's type
 */
public final class Key<T> {
    /** Parses the key's value out of a ConfigMap, given the default to use when the key is absent. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConfigMap c, String name, T defaultValue);
    }

    private final String name;
    private final String label;
    private final T defaultValue;
    private final String defaultText;
    private final String doc;
    private final boolean resumable;
    private final Reader<T> reader;

    private Key(String name, String label, T defaultValue, String defaultText, String doc, boolean resumable,
                Reader<T> reader) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("config key names are kebab-case: " + name);
        }
        this.name = name;
        this.label = label;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.doc = doc;
        this.resumable = resumable;
        this.reader = reader;
    }

    /** An int in [min, max]; values accept underscores and k/m/g suffixes. */
    public static Key<Integer> integer(String name, int def, int min, int max, String doc) {
        return new Key<>(name, "N", def, String.valueOf(def), doc, false,
                (c, n, d) -> c.integer(n, d, min, max));
    }

    /** A long in [min, max]; values accept underscores and k/m/g suffixes. */
    public static Key<Long> longValue(String name, long def, long min, long max, String doc) {
        return new Key<>(name, "N", def, String.valueOf(def), doc, false,
                (c, n, d) -> c.longValue(n, d, min, max));
    }

    /** A double in [min, max]. */
    public static Key<Double> number(String name, double def, double min, double max, String doc) {
        return new Key<>(name, "X", def, format(def), doc, false, (c, n, d) -> c.number(n, d, min, max));
    }

    /** true/false (also yes/no, on/off, 1/0); a bare {@code --name} means true. */
    public static Key<Boolean> bool(String name, boolean def, String doc) {
        return new Key<>(name, "true|false", def, String.valueOf(def), doc, false, (c, n, d) -> c.bool(n, d));
    }

    /** One of {@code choices} (lower case). */
    public static Key<String> choice(String name, String def, String doc, String... choices) {
        return new Key<>(name, String.join("|", choices), def, def, doc, false,
                (c, n, d) -> c.choice(n, d, choices));
    }

    /** Free text, {@code def} when absent; {@code label} names the value in help (URI, FILE, TEXT). */
    public static Key<String> string(String name, String def, String label, String doc) {
        return new Key<>(name, label, def, def.isEmpty() ? "none" : def, doc, false, (c, n, d) -> c.string(n, d));
    }

    /** Required free text: absent or blank fails naming the key. */
    public static Key<String> required(String name, String label, String doc) {
        return new Key<>(name, label, null, "required", doc, false, (c, n, d) -> c.requiredString(n));
    }

    /** A comma-separated list; {@code required} makes an empty one fail naming the key. */
    public static Key<List<String>> list(String name, String label, boolean required, String doc) {
        return new Key<>(name, label + "[," + label + "...]", List.of(), required ? "required" : "none", doc, false,
                (c, n, d) -> {
                    List<String> v = c.list(n);
                    if (required && v.isEmpty()) {
                        throw new ConfigException(n, null, "a value (this key is required)");
                    }
                    return v;
                });
    }

    /** This key with a default computed from other keys, described by {@code text} (e.g. "4 x d-model"). */
    public Key<T> computedDefault(String text) {
        return new Key<>(name, label, defaultValue, text, doc, resumable, reader);
    }

    /** This key marked as one a resumed run may change (the checkpoint's value is not binding). */
    public Key<T> resumable() {
        return new Key<>(name, label, defaultValue, defaultText, doc, true, reader);
    }

    /** The value in {@code c}, or the declared default. */
    public T get(ConfigMap c) {
        return reader.read(c, name, defaultValue);
    }

    /** The value in {@code c}, or {@code computedDefault} (for keys whose default depends on other keys). */
    public T get(ConfigMap c, T computedDefault) {
        return reader.read(c, name, computedDefault);
    }

    public String name() {
        return name;
    }

    /** The value placeholder in help: N, X, true|false, the choices, or a label such as URI. */
    public String label() {
        return label;
    }

    /** The default as documented: a value, "required", "none" or a rule such as "4 x d-model". */
    public String defaultText() {
        return defaultText;
    }

    public String doc() {
        return doc;
    }

    public boolean isResumable() {
        return resumable;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A double as written in a preset: 0.5, 30, 6e-4 (never 6.0E-4). */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.valueOf(v).replace(".0E", "E").replace("E", "e");
    }
}
