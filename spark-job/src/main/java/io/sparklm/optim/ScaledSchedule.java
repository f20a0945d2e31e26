package io.sparklm.optim;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning-rate schedule that is another one times a constant {@code factor}: a fine-tuned classifier's head
 * follows the body's warmup and decay at {@code head-lr / lr} of its rate. Immutable; JSON-serializable inside
 * DL4J configurations (Spark workers rebuild the graph from its JSON). {@link OptimConfig#applyLearningRateTo}
 * keeps the factor when a resumed run changes the base schedule.
 */
public final class ScaledSchedule implements ISchedule {
    private final ISchedule base;
    private final double factor;

    public ScaledSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("learning-rate factor must be finite and >= 0, got " + factor);
        }
        this.base = base;
        this.factor = factor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return base.valueAt(iteration, epoch) * factor;
    }

    @Override
    public ISchedule clone() {
        return this;
    }

    /** The same factor over a different base schedule. */
    public ScaledSchedule withBase(ISchedule newBase) {
        return new ScaledSchedule(newBase, factor);
    }

    public ISchedule getBase() { return base; }
    public double getFactor() { return factor; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && s.factor == factor && s.base.equals(base);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(base, factor);
    }
}
