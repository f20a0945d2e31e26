package io.sparklm.optim;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * Global-norm gradient clipping for a ComputationGraph (DL4J only clips per layer). Runs in
 * {@code onGradientCalculation}, after backprop and before the updater, and rescales the flattened gradient view
 * in place so that the L2 norm of the gradient of the MEAN loss per predicted token is at most {@code maxNorm}.
 * (DL4J's raw gradient is of the token-loss SUM; N is the sum of the graph's first label mask, or B*T without one.)
 * {@link #lastNorm()} is the pre-clipping norm in those units.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements Serializable {
    private final double maxNorm;
    private transient double lastNorm = Double.NaN;

    public GlobalNormClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("grad-clip must be > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray grad = model.getGradientsViewArray();
        if (grad == null) {
            return;
        }
        lastNorm = clip(grad, predictedTokens(model), maxNorm);
    }

    /**
     * Scales the raw gradient {@code grad} (of a loss summed over {@code tokens} predicted tokens) in place so that
     * its per-token-mean L2 norm is at most {@code maxNorm} (0 = no clipping); returns the norm before scaling.
     */
    public static double clip(INDArray grad, double tokens, double maxNorm) {
        double norm = grad.norm2Number().doubleValue() / Math.max(1, tokens);
        if (maxNorm > 0 && norm > maxNorm) {
            grad.muli(maxNorm / norm);
        }
        return norm;
    }

    /** Number of predicted tokens of the current batch (label-mask sum of the first output), at least 1. */
    static double predictedTokens(Model model) {
        if (model instanceof ComputationGraph g) {
            INDArray[] masks = g.getLabelMaskArrays();
            INDArray mask = masks == null ? null : masks[0];
            if (mask != null) {
                return Math.max(1, mask.sumNumber().doubleValue());
            }
            INDArray in = g.getInput(0);
            return Math.max(1, in == null ? 1 : in.length());
        }
        return Math.max(1, model.batchSize());
    }

    public double maxNorm() {
        return maxNorm;
    }

    /** Pre-clipping gradient norm of the last step (per-token-mean units); NaN before the first step. */
    public double lastNorm() {
        return lastNorm;
    }
}
