package io.sparklm.app;

import io.sparklm.cli.CliRunner;
import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.export.ExportCommand;
import io.sparklm.finetune.FinetuneCommand;
import io.sparklm.infer.ClassifyCommand;
import io.sparklm.infer.FillMaskCommand;
import io.sparklm.infer.GenerateCommand;
import io.sparklm.prep.CorpusPrepCommand;
import io.sparklm.prep.InspectCommand;
import io.sparklm.prep.TokenizerCodecCommand;
import io.sparklm.prep.TokenizerTrainCommand;
import io.sparklm.train.ModelInfoCommand;
import io.sparklm.train.PretrainCommand;

import java.util.List;

/**
 * The {@code sparklm} program: every command of the product behind one parser ({@link CliRunner}). The local
 * launcher ({@code scripts/sparklm}) and {@code spark-submit --class io.sparklm.app.SparkLm} both start here.
 */
public final class SparkLm {
    private SparkLm() {}

    /** Every command, in the order of the help's list. */
    public static List<Command> commands() {
        return List.of(new TokenizerTrainCommand(), TokenizerCodecCommand.encode(), TokenizerCodecCommand.decode(),
                new CorpusPrepCommand(), new InspectCommand(), new PretrainCommand(),
                new ModelInfoCommand(), new FinetuneCommand(), new GenerateCommand(), new FillMaskCommand(),
                new ClassifyCommand(), new ExportCommand());
    }

    public static void main(String[] args) {
        int code = new CliRunner(commands()).run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        if (code == ExitCodes.STALLED) {
            // a stalled training call may have left threads that never end, and shutdown hooks that wait on them
            Runtime.getRuntime().halt(code);
        }
        ExitCodes.exit(code);
    }
}
