package io.sparklm.infer;

import io.sparklm.model.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float row routines of the KV-cache decoder on slices {@code a[ao, ao + len)} of Java arrays, with the JDK Vector
 * API: LayerNorm (biased variance, eps inside the square root), tanh-approximation GELU in the sigmoid form of
 * {@code model.kernels.GeluTanh}, dot product, {@code y += c x} and {@code a += b}. The same formulas as the
 * graph's float kernels ({@code VectorMath}), so results agree to float rounding.
 */
final class DecodeMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    private static final float C2 = (float) (2 * GELU_C);
    private static final float C2A = (float) (2 * GELU_C * 0.044715);

    private DecodeMath() {}

    /** {@code y[yo, yo + d) = (x - mean) / sqrt(var + eps) * g + b} of the row {@code x[xo, xo + d)}. */
    static void layerNorm(float[] x, int xo, float[] g, float[] b, float eps, float[] y, int yo, int d) {
        int ub = S.loopBound(d);
        int j = 0;
        FloatVector vsum = FloatVector.zero(S);
        for (; j < ub; j += S.length()) {
            vsum = vsum.add(FloatVector.fromArray(S, x, xo + j));
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            sum += x[xo + j];
        }
        float mean = sum / d;
        FloatVector vmean = FloatVector.broadcast(S, mean);
        FloatVector vsq = FloatVector.zero(S);
        for (j = 0; j < ub; j += S.length()) {
            FloatVector c = FloatVector.fromArray(S, x, xo + j).sub(vmean);
            vsq = c.fma(c, vsq);
        }
        float sq = vsq.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            float c = x[xo + j] - mean;
            sq += c * c;
        }
        float rstd = (float) (1.0 / Math.sqrt(sq / d + eps));
        for (j = 0; j < ub; j += S.length()) {
            FloatVector.fromArray(S, x, xo + j).sub(vmean).mul(rstd)
                    .fma(FloatVector.fromArray(S, g, j), FloatVector.fromArray(S, b, j)).intoArray(y, yo + j);
        }
        for (; j < d; j++) {
            y[yo + j] = (x[xo + j] - mean) * rstd * g[j] + b[j];
        }
    }

    /** In place: {@code u <- u sigmoid(2c (u + a u^3))} on {@code u[o, o + len)}. */
    static void gelu(float[] u, int o, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, u, o + j);
            FloatVector z = x.mul(x).fma(FloatVector.broadcast(S, C2A), FloatVector.broadcast(S, C2)).mul(x);
            x.div(VectorMath.exp(z.neg()).add(1f)).intoArray(u, o + j);
        }
        for (; j < len; j++) {
            float x = u[o + j];
            u[o + j] = (float) (x / (1.0 + Math.exp(-(x * (C2 + C2A * x * x)))));
        }
    }

    /** {@code sum a[ao + j] b[bo + j]} over {@code j < len}. */
    static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; j < ub; j += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < len; j++) {
            s += a[ao + j] * b[bo + j];
        }
        return s;
    }

    /** {@code y[yo + j] += c x[xo + j]} for {@code j < len}. */
    static void axpy(float c, float[] x, int xo, float[] y, int yo, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        FloatVector vc = FloatVector.broadcast(S, c);
        for (; j < ub; j += S.length()) {
            FloatVector.fromArray(S, x, xo + j).fma(vc, FloatVector.fromArray(S, y, yo + j)).intoArray(y, yo + j);
        }
        for (; j < len; j++) {
            y[yo + j] += c * x[xo + j];
        }
    }

    /** {@code a[ao + j] += b[bo + j]} for {@code j < len}. */
    static void add(float[] a, int ao, float[] b, int bo, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector.fromArray(S, a, ao + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(a, ao + j);
        }
        for (; j < len; j++) {
            a[ao + j] += b[bo + j];
        }
    }
}
