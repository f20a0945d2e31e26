package io.sparklm.finetune;

import io.sparklm.cli.Command;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.KeyGroup;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code sparklm finetune}: fine-tunes a GPT or BERT checkpoint for sequence classification on labelled JSON lines
 * ({@link FinetuneJob}); stdout gets one JSON result line with the validation loss, accuracy and macro-F1.
 */
public final class FinetuneCommand implements Command {
    private final JavaSparkContext sc;

    /** A command that creates its SparkContext when the trainer needs one (after taking the run lock). */
    public FinetuneCommand() {
        this(null);
    }

    /** A command that trains on {@code sc} and leaves it running. */
    public FinetuneCommand(JavaSparkContext sc) {
        this.sc = sc;
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String summary() {
        return "fine-tune a GPT or BERT checkpoint for sequence classification on labelled JSON lines";
    }

    @Override
    public String description() {
        return "The labelled files are tokenized with the checkpoint's tokenizer into content-addressed example "
                + "files under --output/data. Training uses pre-training's trainers, checkpoints, resume, lock and "
                + "metrics; every validation reports loss, accuracy, macro-F1, per-class precision/recall and the "
                + "confusion matrix. A resumed run refuses changed keys other than those marked 'may change when "
                + "resuming'.";
    }

    @Override
    public List<KeyGroup> keys() {
        return FinetuneConfig.KEYS;
    }

    @Override
    public int run(ConfigMap config, PrintStream out, PrintStream err) throws Exception {
        return FinetuneJob.run(config, sc, out);
    }
}
