package io.sparklm.prep;

import io.sparklm.cli.CliRunner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs corpus-prep's commands as {@code sparklm ARGV...} would, capturing what they print. */
final class PrepCli {
    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {}

    private PrepCli() {}

    static Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CliRunner(List.of(new CorpusPrepCommand(), new InspectCommand(), new TokenizerTrainCommand(),
                TokenizerCodecCommand.encode(), TokenizerCodecCommand.decode()))
                .run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
