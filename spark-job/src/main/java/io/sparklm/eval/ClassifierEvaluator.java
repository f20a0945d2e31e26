package io.sparklm.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/**
 * Validation of a sequence classifier (one softmax output {@code [B, C]}, one-hot labels {@code [B, C]}, label mask
 * {@code [B, 1]}): inference mode, every labelled example counts once. Loss: mean natural-log cross-entropy per
 * example, unweighted (class weights shape training only); plus {@link ClassMetrics} as extras and report lines.
 */
public final class ClassifierEvaluator implements Evaluator {
    private final List<String> labels;

    /** {@code labels}: the label set in class-index order. */
    public ClassifierEvaluator(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    @Override
    public EvalResult evaluate(ComputationGraph g, List<MultiDataSet> batches) {
        int c = labels.size();
        long[][] confusion = new long[c][c];
        double nll = 0;
        long n = 0;
        for (MultiDataSet mds : batches) {
            INDArray out = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                    mds.getLabelsMaskArrays())[0];
            double[][] p = out.toDoubleMatrix();
            double[][] y = mds.getLabels(0).toDoubleMatrix();
            INDArray lm = mds.getLabelsMaskArray(0);
            for (int r = 0; r < p.length; r++) {
                if (lm != null && lm.getDouble(r, 0) <= 0) {
                    continue;
                }
                int truth = argMax(y[r]);
                nll -= Math.log(Math.max(p[r][truth], 1e-45));
                confusion[truth][argMax(p[r])]++;
                n++;
            }
        }
        ClassMetrics m = new ClassMetrics(labels, confusion);
        double loss = n == 0 ? Double.NaN : nll / n;
        return new EvalResult(loss, Math.exp(loss), Double.NaN, n, m.extras(), m.report());
    }

    /** The first index of the largest value. */
    public static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
