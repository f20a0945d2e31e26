package io.sparklm.cli;

import io.sparklm.config.ConfigMap;
import io.sparklm.config.KeyGroup;

import java.io.PrintStream;
import java.util.List;

/**
 * One sparklm command ({@code sparklm NAME ...}): its name (words separated by a space for a sub-command, e.g.
 * "tokenizer train"), a one-line summary, its documented keys, and the work. {@link CliRunner} parses the command
 * line against {@link #keys()}, composes presets and keys into the ConfigMap and maps failures to exit codes.
 */
public interface Command {
    String name();

    /** One line for the command list and the top of {@code --help}. */
    String summary();

    /** Paragraphs printed by {@code --help} after the summary; empty by default. */
    default String description() {
        return "";
    }

    /** Every key the command reads, in help order; no other key is accepted. */
    List<KeyGroup> keys();

    /**
     * Does the work with the composed settings; results go to {@code out}, nothing else does. Returns an exit code
     * of {@link ExitCodes}; throws for failures ({@link CliRunner} turns them into one line and a code).
     */
    int run(ConfigMap config, PrintStream out, PrintStream err) throws Exception;
}
