package io.sparklm.infer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a probability vector: temperature 0 = greedy (lowest id on ties); else
 * {@code p^(1/T)} renormalised, restricted to the {@code topK} most likely ids (0 = all) and then to the smallest
 * prefix whose mass reaches {@code topP} (1 = all), sampled from a caller-seeded stream. Pure.
 */
public final class Sampler {
    private final double temperature;
    private final int topK;
    private final double topP;

    public Sampler(double temperature, int topK, double topP) {
        if (temperature < 0 || topK < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("temperature >= 0, top-k >= 0, top-p in (0, 1] required");
        }
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
    }

    public int next(double[] probs, SplittableRandom rnd) {
        if (temperature == 0) {
            return argmax(probs);
        }
        int v = probs.length;
        double[] w = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            w[i] = Math.log(Math.max(probs[i], 1e-300)) / temperature;
            max = Math.max(max, w[i]);
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> w[a] != w[b] ? Double.compare(w[b], w[a]) : Integer.compare(a, b));
        double total = 0;
        double[] e = new double[v];
        for (int i = 0; i < v; i++) {
            e[i] = Math.exp(w[order[i]] - max);
            total += e[i];
        }
        int keep = topK > 0 ? Math.min(topK, v) : v;
        double kept = 0;
        for (int i = 0; i < keep; i++) {
            kept += e[i];
        }
        if (topP < 1) {
            double cum = 0;
            for (int i = 0; i < keep; i++) {
                cum += e[i] / kept;
                if (cum >= topP) {
                    keep = i + 1;
                    break;
                }
            }
            kept = 0;
            for (int i = 0; i < keep; i++) {
                kept += e[i];
            }
        }
        double u = rnd.nextDouble() * kept;
        double cum = 0;
        for (int i = 0; i < keep; i++) {
            cum += e[i];
            if (u < cum) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
