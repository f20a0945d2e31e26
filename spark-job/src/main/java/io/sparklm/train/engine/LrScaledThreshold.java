package io.sparklm.train.engine;

import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithmReducer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The encoding threshold of gradient sharing as a fraction of the current learning rate. DL4J shares the optimizer's
 * updates (after Adam: about lr in size per element) threshold-encoded: an element moves by exactly +-threshold per
 * message and keeps the rest as a residual for later messages. A fixed threshold far below lr throttles learning
 * to one threshold per step (across JVMs a 1e-3 threshold with lr 2e-2 barely trained), one far above it sends
 * almost nothing; following the schedule (warmup, decay) keeps each message about one update's size.
 */
public final class LrScaledThreshold implements ThresholdAlgorithm {
    private static final long serialVersionUID = 1L;
    private final ISchedule lr;
    private final double ratio;

    /** {@code ratio}: threshold / learning rate at the same iteration (0.5 by default). */
    public LrScaledThreshold(ISchedule lr, double ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("shared-threshold must be > 0, got " + ratio);
        }
        this.lr = lr;
        this.ratio = ratio;
    }

    @Override
    public double calculateThreshold(int iteration, int epoch, Double lastThreshold, Boolean lastWasDense,
                                     Double lastSparsityRatio, INDArray updatesPlusResidual) {
        return Math.max(1e-12, ratio * lr.valueAt(iteration, epoch));
    }

    @Override
    public ThresholdAlgorithmReducer newReducer() {
        return new Reducer();
    }

    @Override
    public LrScaledThreshold clone() {
        return new LrScaledThreshold(lr, ratio);
    }

    /** Workers all hold the same stateless algorithm: the reduction keeps one. */
    static final class Reducer implements ThresholdAlgorithmReducer {
        private static final long serialVersionUID = 1L;
        private ThresholdAlgorithm instance;

        @Override
        public void add(ThresholdAlgorithm t) {
            instance = t;
        }

        @Override
        public ThresholdAlgorithmReducer merge(ThresholdAlgorithmReducer other) {
            if (instance == null && other instanceof Reducer r) {
                instance = r.instance;
            }
            return this;
        }

        @Override
        public ThresholdAlgorithm getFinalResult() {
            return instance;
        }
    }
}
