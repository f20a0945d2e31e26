package io.sparklm.cli;

import io.sparklm.config.Key;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Stack;

/**
 * What picocli matched on one command line, in command-line order: the presets, and the key values (a repeated
 * key keeps its last value). A boolean key's value is optional ({@code --overwrite} means true).
 */
final class ArgRecorder {
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "1", "0");

    final Set<String> known;
    final List<String> presets = new ArrayList<>();
    final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    ArgRecorder(Set<String> known) {
        this.known = known;
    }

    IParameterConsumer preset() {
        return new PresetConsumer();
    }

    IParameterConsumer key(Key<?> key) {
        return new KeyConsumer(key);
    }

    /** Setter and getter of the KEY=VALUE positional. */
    KeyValueWords keyValues() {
        return new KeyValueWords();
    }

    private void put(String key, String value) {
        values.remove(key); // a repeated key: its last value, in command-line order
        values.put(key, value);
    }

    /** {@code --preset NAME} / {@code --config FILE}. */
    private final class PresetConsumer implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
            if (args.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "option '--preset' needs a preset name or file");
            }
            presets.add(args.pop());
        }
    }

    /** {@code --KEY VALUE} or {@code --KEY=VALUE}; a boolean key without a value means true. */
    private final class KeyConsumer implements IParameterConsumer {
        private final Key<?> key;

        KeyConsumer(Key<?> key) {
            this.key = key;
        }

        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
            boolean bool = key.label().equals("true|false");
            if (bool) {
                boolean valueFollows = !args.isEmpty() && BOOLEAN_WORDS.contains(args.peek().toLowerCase());
                put(key.name(), valueFollows ? args.pop() : "true");
                return;
            }
            if (args.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "option '--" + key.name() + "' needs a value ("
                        + key.label() + ")");
            }
            put(key.name(), args.pop());
        }
    }

    /**
     * The {@code KEY=VALUE} words: picocli hands a multi-value positional the growing list at each match, in
     * command-line order; new words are recorded as they come, and problems kept for {@link #check()}.
     */
    final class KeyValueWords implements ISetter, IGetter {
        private final List<String> words = new ArrayList<>();
        private int recorded;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) words;
        }

        @Override
        public <T> T set(T value) {
            List<?> all = value == null ? List.of() : (List<?>) value;
            for (int i = recorded; i < all.size(); i++) {
                String word = String.valueOf(all.get(i));
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    problems.add("unexpected argument '" + word + "' (settings are --KEY VALUE or KEY=VALUE)");
                } else if (!known.contains(word.substring(0, eq))) {
                    problems.add(CliRunner.unknownKey(word.substring(0, eq), known));
                } else {
                    put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            recorded = all.size();
            if (all != words) {
                words.clear();
                all.forEach(w -> words.add(String.valueOf(w)));
            }
            return null;
        }
    }

    /** Throws for the first stray word or unknown KEY=VALUE key seen (after picocli's own checks passed). */
    void check(picocli.CommandLine cl) {
        if (!problems.isEmpty()) {
            throw new ParameterException(cl, problems.get(0));
        }
    }
}
