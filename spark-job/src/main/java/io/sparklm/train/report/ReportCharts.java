package io.sparklm.train.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The four charts of a report from a run's metrics: loss against optimizer steps and against input tokens (train
 * loss as a line, validation loss as points with a line only from {@link #VAL_LINE_FROM} points on, the unigram
 * baseline as a horizontal line), the learning rate and the training throughput against steps.
 */
public final class ReportCharts {
    public static final String LOSS_STEPS = "loss-steps";
    public static final String LOSS_TOKENS = "loss-tokens";
    public static final String LR = "lr";
    public static final String THROUGHPUT = "throughput";
    public static final String TRAIN = "train loss";
    public static final String VALIDATION = "validation loss";
    public static final String BASELINE = "unigram baseline";
    /** Validation points are joined by a line from this many on (two points make a misleading straight line). */
    public static final int VAL_LINE_FROM = 3;
    static final String LOSS_TITLE = "loss (nats/token)";
    static final String STEP_TITLE = "step (optimizer updates)";
    static final String TOKEN_TITLE = "input tokens (tokens)";

    private ReportCharts() {}

    /** All four charts, in page order. */
    public static List<Chart> all(MetricsSeries m, RunFacts f) {
        return List.of(loss(LOSS_STEPS, "Loss against steps", STEP_TITLE, 1, m, f.baselineNats()),
                loss(LOSS_TOKENS, "Loss against tokens", TOKEN_TITLE, f.tokensPerStep(), m, f.baselineNats()),
                line(LR, "Learning rate", "learning rate (AdamW step size)", "learning rate", "#2ca02c",
                        m.trainStep(), m.lr()),
                line(THROUGHPUT, "Training throughput", "throughput (tokens/s)", "tokens/s", "#9467bd",
                        m.trainStep(), m.tokensPerSecond()));
    }

    /** Loss against steps times {@code xPerStep} (1: steps; tokens per step: tokens). */
    static Chart loss(String id, String title, String xTitle, double xPerStep, MetricsSeries m, double baseline) {
        Series train = finite(TRAIN, Series.Style.LINE, "#1f77b4", m.trainStep(), m.trainLoss(), xPerStep);
        Series val = finite(VALIDATION, Series.Style.POINTS, "#d62728", m.valStep(), m.valLoss(), xPerStep);
        if (val.size() >= VAL_LINE_FROM) {
            val = new Series(val.name(), Series.Style.LINE_AND_POINTS, val.color(), val.x(), val.y());
        }
        Axis x = Axis.span(xTitle, min(train.x(), val.x()), max(train.x(), val.x()));
        List<Series> series = new ArrayList<>(List.of(train, val));
        double[] base = {};
        if (Double.isFinite(baseline)) {
            base = new double[] {baseline, baseline};
            series.add(new Series(BASELINE, Series.Style.BASELINE, "#7f7f7f", new double[] {x.min(), x.max()},
                    base));
        }
        return new Chart(id, title, x, Axis.fitting(LOSS_TITLE, false, train.y(), val.y(), base), series);
    }

    /** One line against steps, its y axis from 0. */
    static Chart line(String id, String title, String yTitle, String name, String color, double[] steps,
                      double[] ys) {
        Series s = finite(name, Series.Style.LINE, color, steps, ys, 1);
        Axis x = Axis.span(STEP_TITLE, min(s.x()), max(s.x()));
        return new Chart(id, title, x, Axis.fitting(yTitle, true, s.y()), List.of(s));
    }

    /** The points with finite x and y, x scaled by {@code xScale}. */
    static Series finite(String name, Series.Style style, String color, double[] xs, double[] ys, double xScale) {
        int n = 0;
        double[] x = new double[xs.length];
        double[] y = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                x[n] = xs[i] * xScale;
                y[n++] = ys[i];
            }
        }
        return new Series(name, style, color, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
    }

    private static double min(double[]... vs) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] v : vs) {
            for (double d : v) {
                m = Math.min(m, d);
            }
        }
        return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
    }

    private static double max(double[]... vs) {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] v : vs) {
            for (double d : v) {
                m = Math.max(m, d);
            }
        }
        return m == Double.NEGATIVE_INFINITY ? Double.NaN : m;
    }
}
