package io.sparklm.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one loader for job settings. Sources, later wins: preset files ({@code --preset NAME} or
 * {@code --config FILE}, format {@code key = value} per line, {@code #} comments; several apply in their order),
 * then every command-line {@code --key=value}, {@code --key value} or {@code key=value}, wherever it stands
 * relative to the presets. A bare {@code --flag} (last, or followed by
 * another option or a {@code key=value} word) means {@code true}.
 * Presets are looked up as a file path, then {@code <conf dir>/NAME.conf} (system property
 * {@code sparklm.conf.dir}, default {@code conf}), then the classpath resource {@code presets/NAME.conf}.
 * Arguments without a key (e.g. a sub-command) are returned as positionals.
 */
public final class ConfigLoader {
    /** Parsed command line: settings plus positional words. */
    public record Parsed(ConfigMap config, List<String> positionals) {}

    /** A following word shaped like {@code key=value} is a setting of its own, never a bare flag's value. */
    private static final java.util.regex.Pattern KEY_VALUE = java.util.regex.Pattern.compile("[a-z][a-z0-9.-]*=");

    private ConfigLoader() {}

    /** Parses args; flags listed in {@code booleanFlags} never consume the next word as their value. */
    public static Parsed parse(String[] args, String... booleanFlags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        List<String> bools = List.of(booleanFlags);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key;
            String value;
            if (a.startsWith("--")) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                if (eq >= 0) {
                    key = body.substring(0, eq);
                    value = body.substring(eq + 1);
                } else if (bools.contains(body) || i + 1 >= args.length || args[i + 1].startsWith("--")
                        || KEY_VALUE.matcher(args[i + 1]).lookingAt()) {
                    key = body;
                    value = "true";
                } else {
                    key = body;
                    value = args[++i];
                }
            } else if (a.indexOf('=') > 0 && !a.startsWith("-")) {
                int eq = a.indexOf('=');
                key = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                positionals.add(a);
                continue;
            }
            if (key.isEmpty()) {
                throw new ConfigException("empty option name in argument '" + a + "'");
            }
            if (key.equals("preset") || key.equals("config")) {
                loadPreset(value, values, origins);
                continue;
            }
            keys.remove(key); // a repeated key: its last value, in command-line order
            keys.put(key, value);
        }
        keys.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, "command line");
        });
        return new Parsed(new ConfigMap(values, origins), positionals);
    }

    /**
     * The settings of one command line: the presets in their order (each {@code --preset NAME} or
     * {@code --config FILE}), then {@code keys} (command-line values, later ones already won) over them.
     */
    public static ConfigMap compose(List<String> presets, Map<String, String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (String p : presets) {
            loadPreset(p, values, origins);
        }
        keys.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, "command line");
        });
        return new ConfigMap(values, origins);
    }

    /** Reads a preset by name or path into {@code values}, keys from the file overriding earlier ones. */
    static void loadPreset(String nameOrPath, Map<String, String> values, Map<String, String> origins) {
        String origin;
        String text;
        try {
            Path direct = Path.of(nameOrPath);
            Path inDir = Path.of(System.getProperty("sparklm.conf.dir", "conf"), nameOrPath + ".conf");
            if (Files.isRegularFile(direct)) {
                origin = direct.toString();
                text = Files.readString(direct, StandardCharsets.UTF_8);
            } else if (Files.isRegularFile(inDir)) {
                origin = inDir.toString();
                text = Files.readString(inDir, StandardCharsets.UTF_8);
            } else {
                try (InputStream in = ConfigLoader.class.getClassLoader()
                        .getResourceAsStream("presets/" + nameOrPath + ".conf")) {
                    if (in == null) {
                        throw new ConfigException("config key 'preset': no preset named '" + nameOrPath
                                + "' (looked for " + direct + ", " + inDir + " and classpath presets/)");
                    }
                    origin = "preset " + nameOrPath;
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("config key 'preset': cannot read '" + nameOrPath + "': " + e.getMessage());
        }
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(origin + ":" + lineNo + ": expected 'key = value', got '" + t + "'");
            }
            String key = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            if (key.equals("preset")) {
                loadPreset(value, values, origins);
                continue;
            }
            values.put(key, value);
            origins.put(key, origin + ":" + lineNo);
        }
    }
}
