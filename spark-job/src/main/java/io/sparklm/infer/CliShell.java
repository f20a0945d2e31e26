package io.sparklm.infer;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The common shell of the inference CLIs: {@code --help}/{@code -h} prints the usage (exit 0); arguments are parsed
 * from {@code --key value} pairs, unknown keys rejected (exit 2 with a message naming the key); then the body runs:
 * an IllegalArgumentException (bad input such as a text without [MASK]) exits 2, any other failure 1, success 0.
 */
public final class CliShell {
    private CliShell() {}

    /** Reads the arguments from the parsed configuration (every key it reads counts as known). */
    public interface Parser<A> {
        A parse(ConfigMap c);
    }

    /** Does the work, printing results on {@code out} and progress on {@code err}. */
    public interface Body<A> {
        void run(A args, PrintStream out, PrintStream err) throws Exception;
    }

    public static <A> int run(String name, String usage, String[] argv, PrintStream out, PrintStream err,
                       Parser<A> parser, Body<A> body) {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            out.println(usage);
            return 0;
        }
        A args;
        try {
            ConfigMap c = ConfigLoader.parse(argv).config();
            args = parser.parse(c);
            c.requireAllUsed();
        } catch (ConfigException e) {
            err.println(name + ": " + e.getMessage() + " (--help for usage)");
            return 2;
        }
        try {
            body.run(args, out, err);
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println(name + ": " + e);
            return 1;
        }
    }
}
