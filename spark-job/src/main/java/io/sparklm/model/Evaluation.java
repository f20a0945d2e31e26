package io.sparklm.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Iterator;

/**
 * Evaluates the LM output of a graph on batches from {@link Batches}: inference mode (no dropout), every position
 * with a label-mask entry > 0 counts once. Loss per token is computed here from the softmax output, independently
 * of DL4J's score().
 */
public final class Evaluation {
    private Evaluation() {}

    public static EvalResult evaluate(ComputationGraph g, Iterator<MultiDataSet> batches) {
        double nll = 0;
        long n = 0;
        long correct = 0;
        boolean mlm = g.getConfiguration().getNetworkInputs().size() > 1;
        while (batches.hasNext()) {
            MultiDataSet mds = batches.next();
            INDArray probs = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                    mds.getLabelsMaskArrays())[0];                                 // [B, T, V]
            INDArray labels = mds.getLabels(0);                                    // [B, 1, T]
            INDArray mask = mds.getLabelsMaskArray(0);                             // [B, T]
            INDArray argmax = mlm ? probs.argMax(2) : null;                        // [B, T]
            long b = labels.size(0);
            long t = labels.size(2);
            for (long i = 0; i < b; i++) {
                for (long j = 0; j < t; j++) {
                    if (mask != null && mask.getDouble(i, j) <= 0) {
                        continue;
                    }
                    int y = (int) labels.getDouble(i, 0, j);
                    double p = probs.getDouble(i, j, y);
                    nll -= Math.log(Math.max(p, 1e-45));
                    n++;
                    if (argmax != null && argmax.getLong(i, j) == y) {
                        correct++;
                    }
                }
            }
        }
        double loss = n == 0 ? Double.NaN : nll / n;
        return new EvalResult(loss, Math.exp(loss), mlm && n > 0 ? (double) correct / n : Double.NaN, n);
    }
}
