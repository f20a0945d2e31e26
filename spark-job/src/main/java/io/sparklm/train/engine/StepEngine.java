package io.sparklm.train.engine;

import io.sparklm.batch.Block;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * Runs training steps. One step = one minibatch per worker. {@link #fit} trains steps
 * {@code [step, step + nSteps)} whose blocks are given step-major ({@code blocks.get(s * workers + w)}), and returns
 * the training loss per predicted token reported for that call (NaN if unknown).
 */
public interface StepEngine extends AutoCloseable {
    /** Steps one {@link #fit} call should cover (parameter averaging: the averaging frequency). */
    int stepsPerCall();

    double fit(List<Block> blocks, long step, int nSteps);

    /**
     * The training loss to log for the call that just returned {@code fitLoss} on {@code blocks}; called only on
     * logged steps, so an engine whose trainer reports none may measure one here (default: {@code fitLoss}).
     */
    default double loggedLoss(double fitLoss, List<Block> blocks, int nSteps) {
        return fitLoss;
    }

    /** One line on what the engine moved and spent over the run (null when it has nothing to add). */
    default String summary() {
        return null;
    }

    /** The driver-side model, current after the last fit. */
    ComputationGraph model();

    @Override
    default void close() {}
}
