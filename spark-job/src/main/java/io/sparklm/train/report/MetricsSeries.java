package io.sparklm.train.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The columns of {@code metrics.jsonl} (see {@code MetricsLog}), in line order: train lines give step, loss
 * (nats per token), learning rate and tokens/s; validation lines give step, validation loss (nats per token) and
 * the masked-token accuracy (NaN when absent). A null value (not finite when logged) reads as NaN.
 */
public record MetricsSeries(double[] trainStep, double[] trainLoss, double[] lr, double[] tokensPerSecond,
                            double[] valStep, double[] valLoss, double[] valMlmAcc) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses metrics lines; lines that are neither train nor validation lines are ignored. */
    public static MetricsSeries parse(List<String> lines) {
        Columns train = new Columns(4, lines.size());
        Columns val = new Columns(3, lines.size());
        for (String line : lines) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("metrics line: " + line, e);
            }
            double step = n.path("step").asDouble(Double.NaN);
            if (n.has("loss")) {
                train.add(step, num(n, "loss"), num(n, "lr"), num(n, "tokens_per_s"));
            } else if (n.has("val_loss")) {
                val.add(step, num(n, "val_loss"), num(n, "val_mlm_acc"));
            }
        }
        return new MetricsSeries(train.column(0), train.column(1), train.column(2), train.column(3),
                val.column(0), val.column(1), val.column(2));
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    /** A growing table of doubles with a fixed number of columns. */
    private static final class Columns {
        private final double[][] cols;
        private int n;

        Columns(int width, int capacity) {
            cols = new double[width][capacity];
        }

        void add(double... row) {
            for (int c = 0; c < cols.length; c++) {
                cols[c][n] = row[c];
            }
            n++;
        }

        double[] column(int c) {
            return java.util.Arrays.copyOf(cols[c], n);
        }
    }
}
