package io.sparklm.train.engine;

import io.sparklm.batch.Batches;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.optim.GlobalNormClipping;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's {@code ComputationGraph.fit} split into its two halves, so that the gradients of several micro-batches
 * (accumulation) and of several workers (synchronous data parallelism) can be summed before ONE optimizer update:
 * <ol>
 * <li>{@link #accumulate}: forward and backward of one minibatch in training mode (dropout keyed by
 * {@link KeyedDropout#bind}), adding its raw gradient, the gradient of the SUM of the data loss over the
 * minibatch's examples, to a {@link GradientSum};</li>
 * <li>{@link #apply}: global-norm clipping of the summed gradient (per predicted token, as
 * {@link GlobalNormClipping} does in fit), then DL4J's updater with the summed example count (it divides by it,
 * then runs Adam, decoupled weight decay and the learning rate of the graph's iteration), then
 * {@code params -= update} and iteration + 1.</li>
 * </ol>
 * One accumulate then apply is bit-identical to {@code fit} with a {@link GlobalNormClipping} listener
 * ({@code GradientStepTest}); the sum of k minibatches' gradients applied once equals fit on their concatenation
 * within float rounding. Listeners of the graph are not called: clipping is the {@code maxNorm} argument.
 */
public final class GradientStep {
    private GradientStep() {}

    /**
     * Forward and backward of {@code mds} on {@code g}; adds the raw gradient, the examples, the predicted tokens
     * and the data-loss sum (nats, without the weight-decay penalty) to {@code sum}. Parameters do not change.
     */
    public static void accumulate(ComputationGraph g, MultiDataSet mds, GradientSum sum) {
        compute(g, mds, sum);
        sum.addGradient(g.getGradientsViewArray());
    }

    /**
     * As {@link #accumulate} for the only minibatch of a step: the graph's own gradient view is used in place
     * (no copy); {@link #apply} it before the next forward.
     */
    public static INDArray computeOnly(ComputationGraph g, MultiDataSet mds, GradientSum sum) {
        compute(g, mds, sum);
        return g.getGradientsViewArray();
    }

    private static void compute(ComputationGraph g, MultiDataSet mds, GradientSum sum) {
        if (g.getGradientsViewArray() == null) {
            g.initGradientsView();
        }
        KeyedDropout.bind(g, mds);
        double penalty = g.calcRegularizationScore(true); // what the score adds, at the same parameters
        g.setInputs(mds.getFeatures());
        g.setLabels(mds.getLabels());
        g.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        try {
            g.computeGradientAndScore();
        } finally {
            g.clearLayerMaskArrays();
            g.clearLayersStates();
        }
        long examples = LossMath.examples(mds);
        sum.addCounts(examples, Batches.predictedTokens(mds), LossMath.dataScore(g.score(), penalty) * examples);
    }

    /**
     * One optimizer update of {@code g} from the raw gradient {@code grad} ({@code [1, P]}, modified in place:
     * it becomes the update) of {@code examples} examples and {@code tokens} predicted tokens; {@code maxNorm} > 0
     * clips its per-token-mean global norm first. Returns the pre-clipping per-token norm.
     */
    public static double apply(ComputationGraph g, INDArray grad, long examples, long tokens, double maxNorm) {
        double norm = GlobalNormClipping.clip(grad, tokens, maxNorm);
        int iteration = g.getConfiguration().getIterationCount();
        int epoch = g.getConfiguration().getEpochCount();
        // the graph's own view takes DL4J's standard path; any other array its "external gradient" path (the
        // same blocks, regularization and updater applied to that array against the graph's parameters)
        Gradient gradient = grad == g.getGradientsViewArray() && g.gradient() != null
                ? g.gradient() : new DefaultGradient(grad);
        g.getUpdater(true).update(gradient, iteration, epoch, (int) examples, LayerWorkspaceMgr.noWorkspaces());
        g.params().subi(grad.reshape(g.params().shape()));
        g.getConfiguration().setIterationCount(iteration + 1);
        return norm;
    }
}
