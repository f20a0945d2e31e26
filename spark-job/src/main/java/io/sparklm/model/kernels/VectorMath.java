package io.sparklm.model.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float kernels on Java arrays with the JDK Vector API (the widest species the CPU has; a scalar tail per row):
 * {@link #exp} with a degree-6 polynomial for {@code 2^f} (relative error ~1e-7 over the whole float range, inputs
 * clamped to [-87, 88]), and the per-row softmax, softmax backward, GELU and LayerNorm steps of
 * {@link VectorRowKernels} ({@link #exp} and {@link #softmax} also serve the KV-cache decoder in
 * {@code io.sparklm.infer}). Row routines work on {@code a[0, len)}.
 */
public final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504089f;
    private static final float ROUND = 12582912f;                     // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = 0x4B400000;
    private static final float C2 = (float) (2 * GeluTanh.C);
    private static final float C2A = (float) (2 * GeluTanh.C * GeluTanh.A);
    private static final float C2A3 = (float) (2 * GeluTanh.C * 3 * GeluTanh.A);

    private VectorMath() {}

    /** {@code e^x} per lane. */
    public static FloatVector exp(FloatVector x) {
        FloatVector z = x.max(-87f).min(88f).mul(LOG2E);
        FloatVector zr = z.add(ROUND);
        FloatVector f = z.sub(zr.sub(ROUND));                            // z - round(z), in [-0.5, 0.5]
        FloatVector p = FloatVector.broadcast(S, 1.535336188319500e-4f)
                .fma(f, FloatVector.broadcast(S, 1.339887440266574e-3f))
                .fma(f, FloatVector.broadcast(S, 9.618437357674640e-3f))
                .fma(f, FloatVector.broadcast(S, 5.550332471162809e-2f))
                .fma(f, FloatVector.broadcast(S, 2.402264791363012e-1f))
                .fma(f, FloatVector.broadcast(S, 6.931472028550421e-1f))
                .fma(f, FloatVector.broadcast(S, 1.0f));
        IntVector k = zr.reinterpretAsInts().sub(ROUND_BITS);             // round(z) as an int
        return p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /** In place: {@code a[0, len) <- softmax(scale * a)} ({@code scale > 0}). */
    public static void softmax(float[] a, int len, float scale) {
        int ub = S.loopBound(len);
        int j = 0;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < ub; j += S.length()) {
            vmax = vmax.max(FloatVector.fromArray(S, a, j));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < len; j++) {
            max = Math.max(max, a[j]);
        }
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector shift = FloatVector.broadcast(S, -scale * max);
        FloatVector vsum = FloatVector.zero(S);
        for (j = 0; j < ub; j += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, a, j).fma(vs, shift));
            e.intoArray(a, j);
            vsum = vsum.add(e);
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; j < len; j++) {
            a[j] = (float) Math.exp(a[j] * scale - scale * max);
            sum += a[j];
        }
        scale(a, len, 1f / sum);
    }

    /** In place: {@code dp[0, len) <- scale * p * (dp - sum(p * dp))}. */
    static void softmaxBackward(float[] p, float[] dp, int len, float scale) {
        int ub = S.loopBound(len);
        int j = 0;
        FloatVector vdot = FloatVector.zero(S);
        for (; j < ub; j += S.length()) {
            vdot = FloatVector.fromArray(S, p, j).fma(FloatVector.fromArray(S, dp, j), vdot);
        }
        float dot = vdot.reduceLanes(VectorOperators.ADD);
        for (; j < len; j++) {
            dot += p[j] * dp[j];
        }
        FloatVector vd = FloatVector.broadcast(S, dot);
        for (j = 0; j < ub; j += S.length()) {
            FloatVector.fromArray(S, dp, j).sub(vd).mul(FloatVector.fromArray(S, p, j)).mul(scale).intoArray(dp, j);
        }
        for (; j < len; j++) {
            dp[j] = (dp[j] - dot) * p[j] * scale;
        }
    }

    /** GELU forward on {@code u[0, len)}: writes {@code s = sigmoid(2c (u + a u^3))} and {@code h = u s}. */
    static void gelu(float[] u, float[] s, float[] h, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, u, j);
            FloatVector z = x.mul(x).fma(FloatVector.broadcast(S, C2A), FloatVector.broadcast(S, C2)).mul(x);
            FloatVector sig = FloatVector.broadcast(S, 1f).div(exp(z.neg()).add(1f));
            sig.intoArray(s, j);
            x.mul(sig).intoArray(h, j);
        }
        for (; j < len; j++) {
            float x = u[j];
            s[j] = (float) (1.0 / (1.0 + Math.exp(-(x * (C2 + C2A * x * x)))));
            h[j] = x * s[j];
        }
    }

    /** GELU backward: {@code dh[0, len) <- dh (s + u s (1 - s) 2c (1 + 3a u^2))}. */
    static void geluBackward(float[] dh, float[] u, float[] s, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, u, j);
            FloatVector sig = FloatVector.fromArray(S, s, j);
            FloatVector dz = x.mul(x).fma(FloatVector.broadcast(S, C2A3), FloatVector.broadcast(S, C2)).mul(x);
            FloatVector g = dz.mul(sig).mul(sig.neg().add(1f)).add(sig);
            FloatVector.fromArray(S, dh, j).mul(g).intoArray(dh, j);
        }
        for (; j < len; j++) {
            float x = u[j];
            float sg = s[j];
            dh[j] *= sg + x * (C2 + C2A3 * x * x) * sg * (1 - sg);
        }
    }

    /**
     * LayerNorm of the row {@code x[0, d)}: writes {@code xhat = (x - mean) rstd} and {@code y = xhat g + b}; returns
     * {@code rstd = 1 / sqrt(var + eps)} (biased variance).
     */
    static float layerNorm(float[] x, float[] g, float[] b, float eps, float[] xhat, float[] y, int d) {
        int ub = S.loopBound(d);
        int j = 0;
        FloatVector vsum = FloatVector.zero(S);
        for (; j < ub; j += S.length()) {
            vsum = vsum.add(FloatVector.fromArray(S, x, j));
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            sum += x[j];
        }
        float mean = sum / d;
        FloatVector vmean = FloatVector.broadcast(S, mean);
        FloatVector vsq = FloatVector.zero(S);
        for (j = 0; j < ub; j += S.length()) {
            FloatVector c = FloatVector.fromArray(S, x, j).sub(vmean);
            c.intoArray(xhat, j);
            vsq = c.fma(c, vsq);
        }
        float sq = vsq.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            xhat[j] = x[j] - mean;
            sq += xhat[j] * xhat[j];
        }
        float rstd = (float) (1.0 / Math.sqrt(sq / d + eps));
        for (j = 0; j < ub; j += S.length()) {
            FloatVector h = FloatVector.fromArray(S, xhat, j).mul(rstd);
            h.intoArray(xhat, j);
            h.fma(FloatVector.fromArray(S, g, j), FloatVector.fromArray(S, b, j)).intoArray(y, j);
        }
        for (; j < d; j++) {
            xhat[j] *= rstd;
            y[j] = xhat[j] * g[j] + b[j];
        }
        return rstd;
    }

    /**
     * LayerNorm backward of one row: {@code dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat))} with
     * {@code dxhat = dy g}; then {@code dy <- dy xhat} (the row's share of the gain gradient).
     */
    static void layerNormBackward(float[] dy, float[] xhat, float[] g, float rstd, float[] dx, int d) {
        int ub = S.loopBound(d);
        int j = 0;
        FloatVector v1 = FloatVector.zero(S);
        FloatVector v2 = FloatVector.zero(S);
        for (; j < ub; j += S.length()) {
            FloatVector dxh = FloatVector.fromArray(S, dy, j).mul(FloatVector.fromArray(S, g, j));
            v1 = v1.add(dxh);
            v2 = dxh.fma(FloatVector.fromArray(S, xhat, j), v2);
        }
        float s1 = v1.reduceLanes(VectorOperators.ADD);
        float s2 = v2.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            float dxh = dy[j] * g[j];
            s1 += dxh;
            s2 += dxh * xhat[j];
        }
        float m1 = s1 / d;
        float m2 = s2 / d;
        FloatVector vm1 = FloatVector.broadcast(S, m1);
        FloatVector vm2 = FloatVector.broadcast(S, m2);
        for (j = 0; j < ub; j += S.length()) {
            FloatVector vdy = FloatVector.fromArray(S, dy, j);
            FloatVector vx = FloatVector.fromArray(S, xhat, j);
            vdy.mul(FloatVector.fromArray(S, g, j)).sub(vm1).sub(vx.mul(vm2)).mul(rstd).intoArray(dx, j);
            vdy.mul(vx).intoArray(dy, j);
        }
        for (; j < d; j++) {
            dx[j] = (dy[j] * g[j] - m1 - xhat[j] * m2) * rstd;
            dy[j] *= xhat[j];
        }
    }

    /** In place: {@code a[0, len) += b[0, len)}. */
    static void add(float[] a, float[] b, int len) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector.fromArray(S, a, j).add(FloatVector.fromArray(S, b, j)).intoArray(a, j);
        }
        for (; j < len; j++) {
            a[j] += b[j];
        }
    }

    /** {@code a[0, len) *= c}. */
    static void scale(float[] a, int len, float c) {
        int ub = S.loopBound(len);
        int j = 0;
        for (; j < ub; j += S.length()) {
            FloatVector.fromArray(S, a, j).mul(c).intoArray(a, j);
        }
        for (; j < len; j++) {
            a[j] *= c;
        }
    }
}
