package io.sparklm.cli;

import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;

import java.util.List;
import java.util.Map;

/**
 * The text of {@code sparklm --help} and {@code sparklm COMMAND --help}, and the markdown configuration
 * reference of the README, all produced from the commands' key declarations.
 */
public final class CliHelp {
    private static final int WIDTH = 100;
    private static final int KEY_COLUMN = 34;
    private static final int COMMAND_COLUMN = 20;

    private CliHelp() {}

    /** The program's usage: the commands with their summaries, the setting syntax and the exit codes. */
    public static String overview(List<Command> commands) {
        StringBuilder sb = new StringBuilder("Usage: ").append(CliRunner.PROGRAM)
                .append(" COMMAND [--preset NAME]... [--KEY VALUE | KEY=VALUE]...\n\nCommands:\n");
        for (Command c : commands) {
            row(sb, "  " + c.name(), c.summary(), COMMAND_COLUMN);
        }
        sb.append("\n").append(CliRunner.PROGRAM).append(" COMMAND --help lists a command's keys.\n");
        settings(sb);
        exitCodes(sb);
        return sb.toString();
    }

    /** One command's usage: summary, description, its keys by group with defaults, and the exit codes. */
    public static String command(Command c) {
        StringBuilder sb = new StringBuilder("Usage: ").append(CliRunner.PROGRAM).append(' ').append(c.name())
                .append(" [--preset NAME]... [--KEY VALUE | KEY=VALUE]...\n\n");
        wrap(sb, c.summary(), 0);
        if (!c.description().isEmpty()) {
            sb.append('\n');
            for (String para : c.description().split("\n\n")) {
                wrap(sb, para.replace('\n', ' '), 0);
            }
        }
        for (KeyGroup g : c.keys()) {
            sb.append('\n').append(capitalized(g.title())).append(":\n");
            for (Key<?> k : g.keys()) {
                row(sb, "  --" + k.name() + " " + k.label(), k.doc() + " (" + defaultPhrase(k) + ")"
                        + (k.isResumable() ? "; may change when resuming" : ""), KEY_COLUMN);
            }
        }
        settings(sb);
        exitCodes(sb);
        return sb.toString();
    }

    /**
     * The README's configuration reference: a table of keys per command and group; a group that an earlier
     * command already listed with the same keys and defaults is one row pointing there.
     */
    public static String markdown(List<Command> commands) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> listed = new java.util.HashMap<>();
        for (Command c : commands) {
            if (c.keys().isEmpty()) {
                continue;
            }
            String name = CliRunner.PROGRAM + " " + c.name();
            sb.append("#### `").append(name).append("`\n\n").append("| key | default | meaning |\n|---|---|---|\n");
            for (KeyGroup g : c.keys()) {
                String identity = g.keys().stream().map(k -> k.name() + "=" + k.defaultText()).toList().toString();
                String first = listed.putIfAbsent(identity, name);
                if (first != null && g.keys().size() > 2) {
                    sb.append("| ").append(g.title()).append(" keys | | as for `").append(first).append("` |\n");
                    continue;
                }
                for (Key<?> k : g.keys()) {
                    String d = k.defaultText();
                    sb.append("| `").append(k.name()).append("` | ")
                            .append(d.equals("required") ? "required" : d.contains(" ") ? d : "`" + d + "`")
                            .append(" | ").append(k.doc().replace("|", "\\|"))
                            .append(k.isResumable() ? " (may change on resume)" : "").append(" |\n");
                }
            }
            sb.append('\n');
        }
        sb.append("Exit codes (every command):\n\n| code | meaning |\n|---|---|\n");
        for (Map.Entry<Integer, String> e : ExitCodes.TABLE.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        return sb.toString();
    }

    private static String defaultPhrase(Key<?> k) {
        String d = k.defaultText();
        return d.equals("required") ? "required" : "default " + d;
    }

    private static void settings(StringBuilder sb) {
        sb.append("\nSettings: --preset NAME reads conf/NAME.conf (or a file; --config FILE is the same); presets"
                + " apply first, in order, then --KEY VALUE, --KEY=VALUE and KEY=VALUE (the last one given wins).\n");
    }

    private static void exitCodes(StringBuilder sb) {
        sb.append("\nExit codes:\n");
        for (Map.Entry<Integer, String> e : ExitCodes.TABLE.entrySet()) {
            String code = String.format("  %3d  ", e.getKey());
            sb.append(code);
            wrapAt(sb, e.getValue(), code.length());
        }
    }

    /** A help row: the left column padded to {@code column} (or on its own line when longer), the text wrapped. */
    private static void row(StringBuilder sb, String left, String text, int column) {
        sb.append(left);
        if (left.length() >= column - 1) {
            sb.append('\n').append(" ".repeat(column));
        } else {
            sb.append(" ".repeat(column - left.length()));
        }
        wrapAt(sb, text, column);
    }

    private static void wrap(StringBuilder sb, String text, int indent) {
        sb.append(" ".repeat(indent));
        wrapAt(sb, text, indent);
    }

    private static void wrapAt(StringBuilder sb, String text, int indent) {
        int col = indent;
        boolean first = true;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!first && col + 1 + word.length() > WIDTH) {
                sb.append('\n').append(" ".repeat(indent));
                col = indent;
                first = true;
            }
            if (!first) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
            first = false;
        }
        sb.append('\n');
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
