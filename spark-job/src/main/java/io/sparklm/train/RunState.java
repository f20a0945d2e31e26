package io.sparklm.train;

import io.sparklm.eval.EvalResult;

/**
 * The progress of one invocation of a run, mutated by {@link Trainer} as it goes: optimizer steps and input
 * tokens so far, the last, best (at a checkpoint) and step-0 validation results, and when validation, the last
 * checkpoint and the last console line happened. Built from the checkpoint's {@link TrainState} on resume.
 */
final class RunState {
    long step;
    long tokens;
    final long startStep;
    double lastVal;
    double lastAcc;
    long lastValStep;
    double initialVal;
    double bestVal;
    long bestStep;
    long lastCkStep;
    long lastCkNanos = System.nanoTime();
    long logNanos = System.nanoTime();
    long logTokens;
    /** Steps done and seconds spent in them by this invocation (the ETA's rate). */
    long stepsRun;
    double stepSeconds;

    private RunState(TrainState s, boolean resumed) {
        step = s.step();
        startStep = s.step();
        tokens = s.tokensSeen();
        logTokens = tokens;
        lastVal = s.lastValLoss();
        lastAcc = s.lastValMlmAcc();
        lastValStep = resumed ? step : -1;
        initialVal = s.initialValLoss();
        bestVal = s.bestValLoss();
        bestStep = s.bestStep();
        lastCkStep = resumed ? step : -1;
    }

    static RunState resumed(TrainState s) {
        return new RunState(s, true);
    }

    static RunState fresh(long seed, String configHash) {
        return new RunState(TrainState.fresh(seed, configHash), false);
    }

    /** Records a validation at the current step (and the step-0 loss on the first one). */
    void validated(EvalResult e) {
        lastVal = e.lossPerToken();
        lastAcc = e.mlmAccuracy();
        lastValStep = step;
        if (step == 0 && Double.isNaN(initialVal)) {
            initialVal = lastVal;
        }
    }

    /** Before a checkpoint: the best checkpointed validation loss includes a validation at this very step. */
    void considerBest() {
        if (lastValStep == step && Double.isFinite(lastVal) && (!Double.isFinite(bestVal) || lastVal < bestVal)) {
            bestVal = lastVal;
            bestStep = step;
        }
    }

    boolean validatedNow() {
        return lastValStep == step;
    }

    boolean checkpointedNow() {
        return lastCkStep == step;
    }

    boolean progressed() {
        return step > startStep;
    }
}
