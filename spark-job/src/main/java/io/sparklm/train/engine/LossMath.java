package io.sparklm.train.engine;

import io.sparklm.batch.Batches;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Converts DL4J scores to the project's loss convention (mean cross-entropy per predicted token, nats):
 * for sequence outputs DL4J's score is the sum over predicted time steps divided by the minibatch size.
 */
public final class LossMath {
    private LossMath() {}

    public static long examples(MultiDataSet m) {
        return m.getFeatures(0).size(0);
    }

    /** Per-token loss from a per-example DL4J score of minibatch {@code m}. */
    public static double perToken(double score, MultiDataSet m) {
        double t = Batches.predictedTokens(m);
        return t <= 0 ? Double.NaN : score * examples(m) / t;
    }

    /**
     * Data part of a DL4J training score: {@code ComputationGraph.computeGradientAndScore} adds
     * {@code calcRegularizationScore(true)} (weight decay: coeff/2 |W|^2 per decayed parameter, evaluated at the
     * parameters BEFORE the update) to the per-example data loss; {@code penalty} must be that value, i.e. taken
     * from the same model just before {@code fit}. With no regularization the penalty is 0 and the score is returned
     * unchanged.
     */
    public static double dataScore(double score, double penalty) {
        return score - penalty;
    }

    /** Learning rate the first parameterized layer's updater uses at the graph's current iteration. */
    public static double learningRate(ComputationGraph g) {
        int it = g.getConfiguration().getIterationCount();
        int ep = g.getConfiguration().getEpochCount();
        for (Layer l : g.getLayers()) {
            if (l.numParams() == 0 || l.conf() == null || l.conf().getLayer() == null) {
                continue;
            }
            for (String p : l.paramTable().keySet()) {
                IUpdater u = l.conf().getLayer().getUpdaterByParam(p);
                if (u != null && u.hasLearningRate()) {
                    return u.getLearningRate(it, ep);
                }
            }
        }
        return Double.NaN;
    }
}
