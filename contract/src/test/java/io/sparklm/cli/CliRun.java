package io.sparklm.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs one command through {@link CliRunner} as {@code sparklm NAME args...}, as the program would. */
public final class CliRun {
    /** Exit code and what the command printed. */
    public record Result(int code, String out, String err) {}

    private CliRun() {}

    /** Runs with the current System.out and System.err (tests that capture those). */
    public static int run(Command command, String... args) {
        return new CliRunner(List.of(command)).run(argv(command, args), System.out, System.err);
    }

    /** Runs with streams of its own and returns what was printed. */
    public static Result capture(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CliRunner(List.of(command)).run(argv(command, args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] argv(Command command, String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(command.name().split(" ")));
        a.addAll(Arrays.asList(args));
        return a.toArray(new String[0]);
    }
}
