package io.sparklm.app;

import io.sparklm.cli.CliHelp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's configuration reference, produced from the commands' key declarations
 * ({@link CliHelp#markdown}) between the markers {@link #START} and {@link #END}. {@code ConfigReference FILE}
 * rewrites that part of FILE (scripts/config-reference); without arguments it prints the reference.
 */
public final class ConfigReference {
    public static final String START = "<!-- config-reference:start (scripts/config-reference writes this part) -->";
    public static final String END = "<!-- config-reference:end -->";

    private ConfigReference() {}

    /** The reference as it belongs between the markers. */
    public static String markdown() {
        return CliHelp.markdown(SparkLm.commands());
    }

    /** {@code text} with the part between the markers replaced by {@link #markdown()}. */
    public static String rewrite(String text) {
        int a = text.indexOf(START);
        int b = text.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("no '" + START + "' ... '" + END + "' markers");
        }
        return text.substring(0, a + START.length()) + "\n\n" + markdown() + "\n" + text.substring(b);
    }

    /** The part between the markers of {@code text} (as {@link #rewrite} writes it), or null without markers. */
    public static String current(String text) {
        int a = text.indexOf(START);
        int b = text.indexOf(END);
        return a < 0 || b < a ? null : text.substring(a + START.length(), b).strip();
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(markdown());
            return;
        }
        Path file = Path.of(args[0]);
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = rewrite(before);
        if (!after.equals(before)) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, after, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.err.println(file + (after.equals(before) ? " was up to date" : " rewritten"));
    }
}
