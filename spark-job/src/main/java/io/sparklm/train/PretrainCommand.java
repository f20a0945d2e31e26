package io.sparklm.train;

import io.sparklm.cli.Command;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.KeyGroup;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code sparklm pretrain}: pre-trains a GPT or BERT on corpus-prep shards, resuming from the newest complete
 * checkpoint under the output. Progress is logged; stdout gets one JSON result line
 * {@code {"status","step","val_loss","val_ppl"[,"val_mlm_acc"],"initial_val_loss",...}}.
 */
public final class PretrainCommand implements Command {
    private final JavaSparkContext sc;

    /** A command that creates its SparkContext when the trainer needs one (after taking the run lock). */
    public PretrainCommand() {
        this(null);
    }

    /** A command that trains on {@code sc} and leaves it running. */
    public PretrainCommand(JavaSparkContext sc) {
        this.sc = sc;
    }

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public String summary() {
        return "pre-train a GPT or BERT on corpus-prep shards; resumes from the newest checkpoint under --output";
    }

    @Override
    public String description() {
        return "Vocabulary size, sequence length and padding come from the data's manifest. Checkpoints, "
                + "metrics.jsonl, report.html and report.png go to --output (file://, hdfs://, ...). The Spark master"
                + " and the Hadoop configuration come from spark-submit (or -Dspark.master). A resumed run refuses "
                + "changed keys other than those marked 'may change when resuming'.";
    }

    @Override
    public List<KeyGroup> keys() {
        return PretrainConfig.KEYS;
    }

    @Override
    public int run(ConfigMap config, PrintStream out, PrintStream err) throws Exception {
        return PretrainJob.run(config, sc, out);
    }
}
