package io.sparklm.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Finite-difference check of a graph's backprop gradient on a sample of entries per parameter array:
 * for each parameter key, the worst relative error (differences under 1e-8 absolute, the finite-difference
 * round-off, count as 0) and the median ratio analytic/numeric.
 */
final class GradCheck {
    record Stat(double maxRelError, double medianRatio, int checked) {}

    private GradCheck() {}

    static Map<String, Stat> run(ComputationGraph g, MultiDataSet mds, int perParam, double eps) {
        return run(g, mds, perParam, eps, false);
    }

    /**
     * {@code training=true} scores the perturbed parameters in training mode (dropout on): valid only when every
     * forward pass of the check draws the same dropout masks (keyed dropout at a fixed iteration and batch).
     */
    static Map<String, Stat> run(ComputationGraph g, MultiDataSet mds, int perParam, double eps, boolean training) {
        g.setInputs(mds.getFeatures());
        g.setLabels(mds.getLabels());
        g.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        g.computeGradientAndScore();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        // DL4J's raw gradient is d(sum over examples)/dθ (the updater divides by B); the score is that sum / B
        long batch = mds.getFeatures(0).size(0);
        g.gradient().gradientForVariable().forEach((k, v) -> grads.put(k, v.div(batch)));
        Map<String, INDArray> params = g.paramTable();
        Map<String, Stat> out = new LinkedHashMap<>();
        Random rnd = new Random(3);
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            INDArray p = params.get(e.getKey());
            INDArray flatP = p;
            INDArray flatG = e.getValue();
            double worst = 0;
            double[] ratios = new double[Math.min(perParam, (int) p.length())];
            for (int s = 0; s < ratios.length; s++) {
                long i = ratios.length == p.length() ? s : rnd.nextInt((int) p.length());
                double orig = flatP.getDouble(i);
                flatP.putScalar(i, orig + eps);
                double plus = g.score(mds, training);
                flatP.putScalar(i, orig - eps);
                double minus = g.score(mds, training);
                flatP.putScalar(i, orig);
                double num = (plus - minus) / (2 * eps);
                double ana = flatG.getDouble(i);
                double denom = Math.abs(num) + Math.abs(ana);
                // below 1e-8 absolute the central difference is round-off (~1e-16 * score / eps = 1e-9 for eps
                // 1e-6): a true gradient of 4e-6 then shows a "relative error" of 1e-4 that is only that noise
                double rel = denom < 1e-9 || Math.abs(num - ana) < 1e-8 ? 0 : Math.abs(num - ana) / denom;
                worst = Math.max(worst, rel);
                ratios[s] = Math.abs(num) < 1e-9 ? 1.0 : ana / num;
            }
            java.util.Arrays.sort(ratios);
            out.put(e.getKey(), new Stat(worst, ratios[ratios.length / 2], ratios.length));
        }
        return out;
    }
}
