package io.sparklm.optim;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning-rate schedule (per optimizer step, 0-based iteration; epoch ignored): linear warmup from
 * {@code peak/warmup} to {@code peak} over {@code warmup} steps, then decay to {@code floor} at step
 * {@code decaySteps} ({@code cosine}: half cosine, {@code linear}: straight line, {@code constant}: stays at peak),
 * and {@code floor} after. Immutable; JSON-serializable inside DL4J configurations.
 */
public final class WarmupDecaySchedule implements ISchedule {
    private final double peak;
    private final double floor;
    private final int warmup;
    private final int decaySteps;
    private final String shape;

    public WarmupDecaySchedule(@JsonProperty("peak") double peak, @JsonProperty("floor") double floor,
                               @JsonProperty("warmup") int warmup, @JsonProperty("decaySteps") int decaySteps,
                               @JsonProperty("shape") String shape) {
        if (!shape.equals("cosine") && !shape.equals("linear") && !shape.equals("constant")) {
            throw new IllegalArgumentException("schedule must be cosine|linear|constant, got " + shape);
        }
        this.peak = peak;
        this.floor = floor;
        this.warmup = warmup;
        this.decaySteps = decaySteps;
        this.shape = shape;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1) / warmup;
        }
        if (shape.equals("constant")) {
            return peak;
        }
        if (iteration >= decaySteps) {
            return floor;
        }
        double progress = (double) (iteration - warmup) / Math.max(1, decaySteps - warmup);
        double factor = shape.equals("cosine") ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
        return floor + (peak - floor) * factor;
    }

    @Override
    public ISchedule clone() {
        return this;
    }

    public double getPeak() { return peak; }
    public double getFloor() { return floor; }
    public int getWarmup() { return warmup; }
    public int getDecaySteps() { return decaySteps; }
    public String getShape() { return shape; }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupDecaySchedule s && s.peak == peak && s.floor == floor && s.warmup == warmup
                && s.decaySteps == decaySteps && s.shape.equals(shape);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, floor, warmup, decaySteps, shape);
    }
}
