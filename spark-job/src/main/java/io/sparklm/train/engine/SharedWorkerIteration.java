package io.sparklm.train.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.Serializable;

/**
 * {@code trainer=shared}: keeps a worker model's iteration count at the run's step. DL4J 1.0.0-M2's gradient-sharing
 * worker trains a network whose iteration count stays 0 (observed on executor JVMs: every update of a 20-step run at
 * iteration 0), so its learning-rate schedule stays at the warmup's first value and Adam's bias correction at step 1,
 * and the encoding threshold, which follows the learning rate ({@link LrScaledThreshold}), with them. Before each
 * update (after the gradient, before the updater and the encoder read the count) this listener sets it to
 * {@code start} plus the updates this instance has seen: the driver's step at the Spark call that shipped it, counted
 * on per minibatch the worker fits. Parameter averaging restores the count in {@link WorkerStepHook} instead (DL4J
 * calls hooks only there).
 */
public final class SharedWorkerIteration extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int start;
    private transient int seen;

    /** {@code start}: the driver's iteration count at the Spark call this listener ships with. */
    public SharedWorkerIteration(int start) {
        this.start = start;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (model instanceof ComputationGraph g) {
            g.getConfiguration().setIterationCount(start + seen++);
        }
    }
}
