package io.sparklm.train.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics.jsonl} at the root of a run output (the training report, {@code io.sparklm.train.report}, is drawn
 * from its lines). Lines are kept in memory and the file is rewritten atomically on {@link #flush()} (works on
 * HDFS, which has no cheap append). On resume,
 * {@link #load} keeps only lines with {@code step <= resumedStep}, so a killed run's extra lines are dropped.
 * Train lines: {@code {"step","loss","lr","tokens_per_s"}}; validation lines: {@code {"step","val_loss","val_ppl"}}
 * plus {@code "val_mlm_acc"} (masked-token top-1 accuracy in [0, 1]) for MLM runs; the key is absent for gpt; a
 * classifier's validation lines add its metrics (see {@code io.sparklm.eval.ClassMetrics#extras}).
 */
public final class MetricsLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.metrics");
    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path output;
    private final List<String> lines = new ArrayList<>();

    private MetricsLog(FileSystem fs, Path output) {
        this.fs = fs;
        this.output = output;
    }

    /** Loads existing lines with step <= maxStep (maxStep < 0: start empty). */
    public static MetricsLog load(FileSystem fs, Path output, long maxStep) throws IOException {
        MetricsLog log = new MetricsLog(fs, output);
        Path p = new Path(output, FILE);
        if (maxStep >= 0 && fs.exists(p)) {
            for (String line : HadoopFs.readString(fs, p).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.has("step") && n.get("step").asLong() <= maxStep) {
                        log.lines.add(line);
                    }
                } catch (IOException e) {
                    LOG.warn("dropping unparsable line: " + line);
                }
            }
        }
        return log;
    }

    public void train(long step, double loss, double lr, double tokensPerSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("loss", finite(loss));
        m.put("lr", finite(lr));
        m.put("tokens_per_s", finite(Math.round(tokensPerSecond * 10) / 10.0));
        add(m);
    }

    /** A validation line; {@code mlmAccuracy} NaN (gpt, not measured) leaves the {@code val_mlm_acc} key out. */
    public void validation(long step, double valLoss, double mlmAccuracy) {
        validation(step, valLoss, mlmAccuracy, Map.of());
    }

    /** A validation line with further metrics ({@code extras}, e.g. a classifier's) after the standard keys. */
    public void validation(long step, double valLoss, double mlmAccuracy, Map<String, Object> extras) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("val_loss", finite(valLoss));
        m.put("val_ppl", finite(Math.exp(valLoss)));
        if (Double.isFinite(mlmAccuracy)) {
            m.put("val_mlm_acc", mlmAccuracy);
        }
        m.putAll(extras);
        add(m);
    }

    private void add(Map<String, Object> m) {
        try {
            lines.add(JSON.writeValueAsString(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Rewrites metrics.jsonl atomically. */
    public void flush() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        HadoopFs.writeStringAtomically(fs, new Path(output, FILE), sb.toString());
    }

    /** A compact number for console lines. */
    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
