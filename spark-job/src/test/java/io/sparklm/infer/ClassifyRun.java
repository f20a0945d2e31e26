package io.sparklm.infer;

import io.sparklm.cli.CliRunner;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs {@code sparklm classify ARGS} through {@link CliRunner} with the given stdin, stdout and stderr. */
public final class ClassifyRun {
    private ClassifyRun() {}

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> argv = new ArrayList<>(List.of("classify"));
        argv.addAll(Arrays.asList(args));
        return new CliRunner(List.of(new ClassifyCommand(in))).run(argv.toArray(new String[0]), out, err);
    }
}
