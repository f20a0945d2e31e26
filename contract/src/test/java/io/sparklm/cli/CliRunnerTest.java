package io.sparklm.cli;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliRunnerTest {
    @TempDir
    Path tmp;

    static final Key<Integer> STEPS = Key.integer("max-steps", 10, 0, 1000, "steps");
    static final Key<Boolean> OVERWRITE = Key.bool("overwrite", false, "replace");
    static final Key<String> NAME = Key.required("name", "TEXT", "a name");

    /** Prints the settings it was given, or throws what it was told to. */
    static final class Echo implements Command {
        final Throwable failure;

        Echo(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String summary() {
            return "prints its settings";
        }

        @Override
        public List<KeyGroup> keys() {
            return List.of(KeyGroup.of("settings", STEPS, OVERWRITE, NAME));
        }

        @Override
        public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            }
            out.print(new TreeMap<>(Map.of("max-steps", STEPS.get(c), "overwrite", OVERWRITE.get(c),
                    "name", NAME.get(c))));
            return ExitCodes.OK;
        }
    }

    static CliRun.Result run(String... args) {
        return CliRun.capture(new Echo(null), args);
    }

    @Test
    void presetsApplyFirstThenCommandLineKeysInOrder() throws Exception {
        Path preset = tmp.resolve("p.conf");
        Files.writeString(preset, "# a preset\nmax-steps = 5\nname = from-preset\n");
        // the key before the preset still wins over it; the later of two command-line values wins
        CliRun.Result r = run("max-steps=7", "--preset", preset.toString(), "--overwrite", "name=a", "--name", "b");
        assertEquals("{max-steps=7, name=b, overwrite=true}", r.out(), r.err());
        assertEquals("{max-steps=5, name=from-preset, overwrite=false}", run("--config", preset.toString()).out());
        assertEquals("{max-steps=3, name=x, overwrite=false}",
                run("--max-steps=3", "--overwrite", "false", "name=x").out());
    }

    @Test
    void badArgumentsAreOneLineWithCodeTwo() throws Exception {
        assertUsage(run("--max-stps", "3", "name=x"), "unknown option '--max-stps' (did you mean --max-steps?)");
        assertUsage(run("max-stps=3", "name=x"), "unknown config key 'max-stps' (did you mean max-steps?)");
        assertUsage(run("stray", "name=x"), "unexpected argument 'stray'");
        assertUsage(run("name=x", "--max-steps"), "option '--max-steps' needs a value (N)");
        CliRun.Result r = run("max-steps=many", "name=x");
        assertEquals(ExitCodes.CONFIG, r.code());
        assertEquals("sparklm echo: config key 'max-steps' has bad value 'many': expected an integer\n",
                r.err());
        Path preset = tmp.resolve("typo.conf");
        Files.writeString(preset, "max-step = 5\n");
        r = run("--preset", preset.toString(), "name=x");
        assertEquals(ExitCodes.CONFIG, r.code());
        assertTrue(r.err().contains("unknown config key 'max-step' (did you mean max-steps?) from " + preset + ":1"),
                r.err());
        r = run("max-steps=2");
        assertEquals("sparklm echo: config key 'name': expected a value (this key is required)\n", r.err());
    }

    private static void assertUsage(CliRun.Result r, String message) {
        assertEquals(ExitCodes.CONFIG, r.code(), r.err());
        assertEquals("sparklm echo: " + message, r.err().strip().replace(" (see sparklm echo --help)", "")
                .replaceAll(" \\(settings are .*\\)$", ""));
        assertEquals("", r.out());
    }

    @Test
    void helpListsKeysDefaultsAndExitCodes() {
        CliRun.Result r = run("--help");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().startsWith("Usage: sparklm echo "), r.out());
        assertTrue(r.out().contains("--max-steps N") && r.out().contains("steps (default 10)")
                && r.out().contains("a name (required)"), r.out());
        for (Map.Entry<Integer, String> e : ExitCodes.TABLE.entrySet()) {
            assertTrue(r.out().contains(String.format("%3d  %s", e.getKey(), e.getValue().split(" ")[0])), r.out());
        }
        CliRunner runner = new CliRunner(List.of(new Echo(null)));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(ExitCodes.CONFIG, runner.run(new String[0], System.out, new PrintStream(err, true)));
        assertTrue(err.toString().contains("echo") && err.toString().contains("prints its settings"), "no args: usage");
    }

    @Test
    void failuresMapToTheirCodeWithoutAStackTrace() {
        assertFailure(new FileNotFoundException("/data/x"), ExitCodes.CONFIG, "not found: /data/x", false);
        assertFailure(new ConfigException("config key 'data': bad"), ExitCodes.CONFIG, "config key 'data': bad",
                false);
        assertFailure(new DataException("3 input files could not be opened"), ExitCodes.BAD_DATA,
                "3 input files could not be opened", false);
        assertFailure(new java.io.IOException("wrapped", new ConnectException("Call From a to 127.0.0.1:1 failed on"
                + " connection exception: Connection refused; For more details see: http://wiki")),
                ExitCodes.UNREACHABLE, "cannot reach a service: Call From a to 127.0.0.1:1 failed on connection "
                        + "exception: Connection refused", false);
        assertFailure(new OutOfMemoryError("Java heap space"), ExitCodes.OUT_OF_MEMORY,
                "out of memory (Java heap space): give the JVM more heap (SPARKLM_HEAP", false);
        assertFailure(new OutOfMemoryError("Cannot allocate 1048576 + 8589934592 bytes (> maxBytes)"),
                ExitCodes.OUT_OF_MEMORY, "out of memory (Cannot allocate 1048576 + 8589934592 bytes (> maxBytes)): give"
                        + " ND4J more off-heap memory (SPARKLM_NATIVE_MEMORY", false);
        assertFailure(new IllegalStateException("a bug"), ExitCodes.FAILED,
                "unexpected failure: java.lang.IllegalStateException: a bug", true);
    }

    private static void assertFailure(Throwable t, int code, String message, boolean trace) {
        CliRun.Result r = CliRun.capture(new Echo(t), "name=x");
        assertEquals(code, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("sparklm echo: " + message), r.err());
        assertEquals(trace, r.err().contains("\tat "), r.err());
        assertFalse(r.err().isEmpty());
    }
}
