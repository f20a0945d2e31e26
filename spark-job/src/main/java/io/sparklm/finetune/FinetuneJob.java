package io.sparklm.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.cli.DataException;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigException;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.LazySpark;
import io.sparklm.train.Outcome;
import io.sparklm.train.Trainer;
import io.sparklm.train.run.MetricsLog;
import io.sparklm.train.run.NoiseFilter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * CLI: fine-tunes a pre-trained sparklm checkpoint for sequence classification on labelled JSON lines, with the
 * pre-training trainers, checkpoints, resume, preemption, lock and metrics ({@link Trainer}). Progress on stderr;
 * on stdout one JSON line {"status","step","val_loss","val_acc","val_macro_f1","initial_val_loss",
 * "initial_val_acc","labels"}. Exit codes: {@link ExitCodes}.
 */
public final class FinetuneJob {
    static final String USAGE = """
            Usage: finetune --checkpoint URI --train URI --validation URI --output URI [key=value ...]
              --checkpoint URI  a pre-trained gpt or bert checkpoint (a checkpoint directory or a run output)
              --train URI       labelled JSON lines {"text": ..., "label": ...[, "text-pair": ...]} (.gz ok)
              --validation URI  the same format; evaluated in full at every evaluation
              --output URI      run output: config.json, metrics.jsonl, data/, checkpoints/ (the classifier)
            Classifier keys: pooling=last|mean|cls (gpt: last, bert: cls) max-length (the checkpoint's seq-len)
              lr (1e-4, the body) head-lr (lr) freeze-body (false) class-weights=none|auto|w1,w2,...
              head-dropout (0.1) dropout (the checkpoint's, in the body) epochs (3) init=pretrained|random
            Run and optimizer keys as pretrain's: trainer=averaging|sync|shared|local workers
              batch-size-per-worker (16) max-steps (from epochs) max-minutes eval-every checkpoint-every-steps
              (max-steps / 6) eval-batches (all of validation) log-every seed warmup-steps (10%) decay-steps
              (max-steps) schedule (linear) min-lr (0) weight-decay (0.01) beta1 beta2 (0.999) grad-clip ...
            Resumes from the newest complete checkpoint under --output. Exit: 0 done or progress, 1 failure,
            2 bad arguments or missing input, 3 output locked, 4 no progress, 6 not learning, 7 unusable data,
            143 preempted by SIGTERM (checkpoint written).
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FinetuneJob() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, null);
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("finetune: failed: " + t);
            code = ExitCodes.FAILED;
        }
        if (code == ExitCodes.STALLED) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Runs the job; {@code sc} may be given (tests). stdout carries only the result line while it runs. */
    public static int run(String[] args, JavaSparkContext sc) throws IOException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return ExitCodes.OK;
        }
        PrintStream stdout = System.out;
        System.setOut(NoiseFilter.over(System.err));
        try {
            return runJob(args, sc, stdout);
        } finally {
            System.setOut(stdout);
        }
    }

    private static int runJob(String[] args, JavaSparkContext sc, PrintStream stdout) throws IOException {
        Configuration hconf = sc != null ? sc.hadoopConfiguration() : HadoopConf.fromSparkProperties();
        FinetuneSetup f;
        try {
            f = FinetuneSetup.from(args, hconf);
        } catch (ConfigException e) {
            System.err.println("finetune: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (DataException e) {
            System.err.println("finetune: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (IllegalArgumentException e) {
            System.err.println("finetune: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        LazySpark spark = new LazySpark(sc, "sparklm-finetune");
        int code = ExitCodes.FAILED;
        try {
            FileSystem ofs = HadoopFs.fs(f.output(), hconf);
            Outcome o;
            try {
                o = new Trainer(f.setup(), ofs, f.output(), spark::context).run();
            } catch (ConfigException e) {
                System.err.println("finetune: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            stdout.println(resultJson(o, f, ofs));
            stdout.flush();
            code = o.exitCode();
            return code;
        } finally {
            if (code != ExitCodes.STALLED) {
                spark.stopIfOwned();
            }
        }
    }

    /** The outcome with the classifier's last and step-0 validation accuracy and macro-F1 from metrics.jsonl. */
    static String resultJson(Outcome o, FinetuneSetup f, FileSystem fs) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", o.status());
        r.put("step", o.step());
        r.set("val_loss", number(o.valLoss()));
        JsonNode last = null;
        JsonNode first = null;
        Path metrics = new Path(f.output(), MetricsLog.FILE);
        if (fs.exists(metrics)) {
            for (String line : HadoopFs.readString(fs, metrics).split("\n")) {
                JsonNode n = line.isBlank() ? null : JSON.readTree(line);
                if (n != null && n.has("val_acc")) {
                    last = n;
                    first = first == null && n.path("step").asLong() == 0 ? n : first;
                }
            }
        }
        r.set("val_acc", last == null ? r.nullNode() : last.get("val_acc"));
        r.set("val_macro_f1", last == null ? r.nullNode() : last.get("val_macro_f1"));
        r.set("initial_val_loss", number(o.initialValLoss()));
        r.set("initial_val_acc", first == null ? r.nullNode() : first.get("val_acc"));
        r.set("labels", JSON.valueToTree(f.data().labels()));
        return JSON.writeValueAsString(r);
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? JSON.getNodeFactory().numberNode(v) : JSON.getNodeFactory().nullNode();
    }
}
