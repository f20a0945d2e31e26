package io.sparklm.train.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text part of a report: where the run stands (steps, tokens, last and best validation loss in nats per
 * token, the step-0 loss, the unigram baseline, throughput) and a summary of its effective config.
 */
public final class ReportSummary {
    /** Config keys shown in the summary, in this order, when the config has them. */
    static final List<String> CONFIG_KEYS = List.of("family", "objective", "parameters", "n-layers", "d-model",
            "n-heads", "d-ff", "seq-len", "vocab-size", "dropout", "trainer", "workers", "batch-size-per-worker",
            "grad-accum-steps", "lr", "min-lr", "warmup-steps", "decay-steps", "schedule", "weight-decay",
            "grad-clip", "seed", "data");

    private ReportSummary() {}

    /** Label to value, in display order; validation entries only when there are validation points. */
    public static Map<String, String> status(MetricsSeries m, RunFacts f) {
        Map<String, String> out = new LinkedHashMap<>();
        long step = (long) Math.max(last(m.trainStep()), last(m.valStep()));
        out.put("steps", step < 0 ? "none logged" : String.format(Locale.ROOT, "%,d", step));
        out.put("input tokens", step < 0 ? "none" : String.format(Locale.ROOT, "%,d (%,d per step)",
                step * f.tokensPerStep(), f.tokensPerStep()));
        int lastTrain = lastFinite(m.trainLoss());
        if (lastTrain >= 0) {
            out.put("last train loss", loss(m.trainLoss()[lastTrain], (long) m.trainStep()[lastTrain]));
        }
        int lastVal = lastFinite(m.valLoss());
        if (lastVal >= 0) {
            out.put("last validation loss", loss(m.valLoss()[lastVal], (long) m.valStep()[lastVal])
                    + String.format(Locale.ROOT, ", perplexity %.2f", Math.exp(m.valLoss()[lastVal])));
            int best = best(m.valLoss());
            out.put("best validation loss", loss(m.valLoss()[best], (long) m.valStep()[best]));
            if (m.valStep()[0] == 0 && Double.isFinite(m.valLoss()[0])) {
                out.put("validation loss at step 0", loss(m.valLoss()[0], 0));
            }
        }
        int acc = lastFinite(m.valMlmAcc());
        if (acc >= 0) {
            out.put("last masked-token accuracy", String.format(Locale.ROOT, "%.4f at step %,d", m.valMlmAcc()[acc],
                    (long) m.valStep()[acc]));
        }
        out.put("unigram baseline", f.baseline() == null || !Double.isFinite(f.baseline().nats()) ? "not measured"
                : String.format(Locale.ROOT, "%.4f nats/token (%s)", f.baseline().nats(), f.baseline().describe()));
        double tps = median(m.tokensPerSecond());
        if (Double.isFinite(tps)) {
            out.put("throughput", String.format(Locale.ROOT, "%,.0f tokens/s (median of the logged steps)", tps));
        }
        return out;
    }

    /** The summary's config keys with their values, in {@link #CONFIG_KEYS} order. */
    public static Map<String, String> config(RunFacts f) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : CONFIG_KEYS) {
            Object v = f.config().get(k);
            if (v != null) {
                out.put(k, v instanceof Number n && k.equals("parameters")
                        ? String.format(Locale.ROOT, "%,d", n.longValue()) : String.valueOf(v));
            }
        }
        return out;
    }

    /** Index of the lowest finite value, -1 if none (the first of equal ones). */
    static int best(double[] v) {
        int b = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i]) && (b < 0 || v[i] < v[b])) {
                b = i;
            }
        }
        return b;
    }

    private static String loss(double nats, long step) {
        return String.format(Locale.ROOT, "%.4f nats/token at step %,d", nats, step);
    }

    private static int lastFinite(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }

    private static double last(double[] v) {
        return v.length == 0 ? -1 : v[v.length - 1];
    }

    private static double median(double[] v) {
        List<Double> xs = new ArrayList<>();
        Arrays.stream(v).filter(Double::isFinite).forEach(xs::add);
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        xs.sort(null);
        int n = xs.size();
        return n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2;
    }
}
