package io.sparklm.train.report;

/** A chart axis: its title with the unit, and the range [min, max] drawn, in axis units (min < max). */
public record Axis(String title, double min, double max) {
    /** Fraction of the value span added below and above a fitted range. */
    static final double PAD = 0.05;

    /**
     * The range of the finite {@code values}, widened by {@link #PAD} of the span on each side (by 0.5 when
     * they are all equal; [0, 1] without values); {@code fromZero}: the range starts at 0 (counts, rates).
     */
    public static Axis fitting(String title, boolean fromZero, double[]... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] vs : values) {
            for (double v : vs) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new Axis(title, 0, 1);
        }
        boolean zero = fromZero && lo >= 0;
        if (zero) {
            lo = 0;
        }
        double pad = hi > lo ? (hi - lo) * PAD : Math.max(0.5, Math.abs(hi) * PAD);
        return new Axis(title, zero ? 0 : lo - pad, hi + pad);
    }

    /** The x range of a series over steps or tokens: [first, last] as measured, or [0, 1] when empty. */
    public static Axis span(String title, double first, double last) {
        if (!Double.isFinite(first) || !Double.isFinite(last)) {
            return new Axis(title, 0, 1);
        }
        return last > first ? new Axis(title, first, last) : new Axis(title, first, first + 1);
    }
}
