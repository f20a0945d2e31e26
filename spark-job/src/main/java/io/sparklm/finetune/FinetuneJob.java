package io.sparklm.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.config.ConfigMap;
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

/**
 * The work of {@code sparklm finetune} ({@link FinetuneCommand}): fine-tunes a pre-trained sparklm checkpoint for
 * sequence classification on labelled JSON lines, with the pre-training trainers, checkpoints, resume, preemption,
 * lock and metrics ({@link Trainer}). Progress is logged; stdout gets one JSON line {"status","step","val_loss",
 * "val_acc","val_macro_f1","initial_val_loss","initial_val_acc","labels"}.
 */
public final class FinetuneJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FinetuneJob() {}

    /**
     * Runs the job; {@code sc} may be given (tests), else one is created when the trainer needs Spark. While it
     * runs, System.out is redirected to stderr (SameDiff prints to stdout), so {@code stdout} carries only the result.
     */
    static int run(ConfigMap c, JavaSparkContext sc, PrintStream stdout) throws IOException {
        PrintStream before = System.out;
        System.setOut(NoiseFilter.over(System.err));
        try {
            return runJob(c, sc, stdout);
        } finally {
            System.setOut(before);
        }
    }

    private static int runJob(ConfigMap c, JavaSparkContext sc, PrintStream stdout) throws IOException {
        Configuration hconf = sc != null ? sc.hadoopConfiguration() : HadoopConf.fromSparkProperties();
        FinetuneSetup f = FinetuneSetup.from(c, hconf);
        FileSystem ofs = HadoopFs.fs(f.output(), hconf);
        Outcome o = new LazySpark(sc, "sparklm-finetune").train(f.setup(), ofs, f.output());
        stdout.println(resultJson(o, f, ofs));
        stdout.flush();
        return o.exitCode();
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
