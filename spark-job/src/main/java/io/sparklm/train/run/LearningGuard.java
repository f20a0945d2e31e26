package io.sparklm.train.run;

import io.sparklm.eval.EvalResult;
import io.sparklm.train.engine.ParamChecksum;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/**
 * Stops a run that does not learn instead of letting it report success: a non-finite training or validation
 * loss (diverged), or parameters that did not change between two validations or checkpoints although steps were
 * taken (a trainer that silently trains nothing). Each check returns {@link #STATUS} when the run must stop, with
 * {@link #reason()} naming the cause, else null. No checkpoint is written for such a model.
 */
public final class LearningGuard {
    public static final String STATUS = "not-learning";
    private final boolean fitLossKnown;
    private long lastCrc;
    private long lastCrcStep = -1;
    private String reason;

    /** {@code fitLossKnown}: the engine reports a training loss per call (NaN then means divergence). */
    public LearningGuard(boolean fitLossKnown) {
        this.fitLossKnown = fitLossKnown;
    }

    /** The parameters the run starts from, at {@code step}. */
    public void start(ComputationGraph model, long step) {
        lastCrc = ParamChecksum.of(model.params());
        lastCrcStep = step;
    }

    /** After an engine call or a logged loss at {@code step}. */
    public String afterFit(double loss, long step) {
        if (fitLossKnown && !Double.isFinite(loss)) {
            return stop(String.format(Locale.ROOT, "training loss is %s at step %d: the run diverged (lower lr, "
                    + "check grad-clip, or the data)", loss, step));
        }
        return null;
    }

    /** After a validation at {@code step}. */
    public String afterValidation(EvalResult e, ComputationGraph model, long step) {
        if (!Double.isFinite(e.lossPerToken())) {
            return stop(String.format(Locale.ROOT, "validation loss is %s at step %d: the run diverged",
                    e.lossPerToken(), step));
        }
        return unchanged(model, step);
    }

    /** Before a checkpoint at {@code step}. */
    public String beforeCheckpoint(ComputationGraph model, long step) {
        return unchanged(model, step);
    }

    private String unchanged(ComputationGraph model, long step) {
        if (step == lastCrcStep) {
            return null;
        }
        long crc = ParamChecksum.of(model.params());
        if (lastCrcStep >= 0 && crc == lastCrc) {
            return stop("the parameters did not change from step " + lastCrcStep + " to step " + step
                    + ": the trainer is not updating the model");
        }
        lastCrc = crc;
        lastCrcStep = step;
        return null;
    }

    private String stop(String why) {
        reason = why;
        return STATUS;
    }

    /** Why the run stopped learning, or null. */
    public String reason() {
        return reason;
    }
}
