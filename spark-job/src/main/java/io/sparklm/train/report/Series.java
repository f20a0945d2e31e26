package io.sparklm.train.report;

/**
 * One series of a chart: its legend name, how it is drawn, a CSS colour and points (x[i], y[i]) in the units of
 * the chart's axes (finite values only). {@link Style#BASELINE}: a horizontal line over the whole x axis.
 */
public record Series(String name, Style style, String color, double[] x, double[] y) {
    /** How a series is drawn. */
    public enum Style { LINE, POINTS, LINE_AND_POINTS, BASELINE }

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
        }
    }

    public int size() {
        return x.length;
    }
}
