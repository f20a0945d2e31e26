package io.sparklm.app;

import io.sparklm.cli.CliRunner;
import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sparklm program as a user meets it: its command list, every command's help, and the README's reference. */
class SparkLmTest {
    record Run(int code, String out, String err) {}

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CliRunner(SparkLm.commands()).run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasHelp() {
        Run help = run("--help");
        assertEquals(ExitCodes.OK, help.code(), help.err());
        List<Command> commands = SparkLm.commands();
        Set<String> names = new HashSet<>();
        for (Command c : commands) {
            assertTrue(names.add(c.name()), "one command per name: " + c.name());
            assertTrue(help.out().contains("  " + c.name() + " "), c.name() + " missing from:\n" + help.out());
            Run h = run((c.name() + " --help").split(" "));
            assertEquals(ExitCodes.OK, h.code(), c.name() + ": " + h.err());
            c.keys().forEach(g -> g.keys().forEach(k -> assertTrue(h.out().contains("--" + k.name()),
                    c.name() + " --help lacks --" + k.name())));
        }
        assertTrue(names.containsAll(List.of("tokenizer train", "corpus-prep", "inspect", "pretrain", "finetune",
                "generate", "fill-mask", "classify", "export-hf", "model-info")), names.toString());
        Run group = run("tokenizer", "--help");
        assertEquals(ExitCodes.OK, group.code(), group.err());
        assertTrue(group.out().contains("tokenizer train") && group.out().contains("tokenizer decode")
                && !group.out().contains("  pretrain "), "a group's help lists its sub-commands only:\n" + group.out());
        Run none = run();
        assertEquals(ExitCodes.CONFIG, none.code(), "no command is a usage error");
        assertTrue(none.err().contains("corpus-prep"), none.err());
        Run unknown = run("pretrian");
        assertEquals(ExitCodes.CONFIG, unknown.code());
        assertTrue(unknown.err().contains("pretrain"), "suggests the near name: " + unknown.err());
    }

    @Test
    void readmeConfigurationReferenceIsTheOneTheKeysDeclare() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String current = ConfigReference.current(text);
        assertNotNull(current, "README.md lacks the configuration reference markers");
        assertEquals(ConfigReference.markdown().strip(), current,
                "README.md's configuration reference is out of date: run scripts/config-reference");
    }
}
