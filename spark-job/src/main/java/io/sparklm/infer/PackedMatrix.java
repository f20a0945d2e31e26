package io.sparklm.infer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A float weight matrix {@code W [k, n]} packed once into column panels of {@link #PANEL} columns ({@code k}
 * consecutive rows of one panel are contiguous, the last panel zero-padded), so that {@link #multiply} streams
 * through it in order: {@code out [m, n] = x [m, k] · W} with the JDK Vector API, four input rows at a time (each
 * weight panel read once per four rows) and panels split across the common fork-join pool when the product is
 * large. Every output element is accumulated over {@code k} in the same order by every code path, so a row's result
 * does not depend on {@code m} or on the split.
 */
final class PackedMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Columns per panel: two vectors. */
    static final int PANEL = 2 * S.length();
    /** Multiply-adds above which the panels are split across threads. */
    private static final long PARALLEL_WORK = 1L << 19;

    private final int k;
    private final int n;
    private final int panels;
    private final float[] packed;

    /** Packs row-major {@code w} ({@code k} rows of {@code n}). */
    PackedMatrix(float[] w, int k, int n) {
        if (w.length != (long) k * n) {
            throw new IllegalArgumentException("expected " + k + " x " + n + " floats, got " + w.length);
        }
        this.k = k;
        this.n = n;
        this.panels = (n + PANEL - 1) / PANEL;
        this.packed = new float[panels * k * PANEL];
        for (int p = 0; p < panels; p++) {
            int width = Math.min(PANEL, n - p * PANEL);
            for (int r = 0; r < k; r++) {
                System.arraycopy(w, r * n + p * PANEL, packed, (p * k + r) * PANEL, width);
            }
        }
    }

    int rows() { return k; }
    int columns() { return n; }

    /** Output row length: {@code n} rounded up to whole panels (the padding columns come out 0). */
    int paddedColumns() { return panels * PANEL; }

    /**
     * {@code out[r * ldo + c] = sum_j x[r * ldx + j] W[j, c]} for rows {@code r < m} and columns
     * {@code c < paddedColumns()} ({@code ldx >= k}, {@code ldo >= paddedColumns()}).
     */
    void multiply(float[] x, int ldx, int m, float[] out, int ldo) {
        if ((long) m * k * n >= PARALLEL_WORK && panels > 1) {
            int parts = Math.min(panels, ForkJoinPool.getCommonPoolParallelism() + 1);
            IntStream.range(0, parts).parallel().forEach(new Part(x, ldx, m, out, ldo, parts));
        } else {
            panels(x, ldx, m, out, ldo, 0, panels);
        }
    }

    /** Part {@code i} of {@code parts} consecutive ranges of panels of one {@link #multiply}. */
    private final class Part implements IntConsumer {
        private final float[] x;
        private final int ldx;
        private final int m;
        private final float[] out;
        private final int ldo;
        private final int parts;

        Part(float[] x, int ldx, int m, float[] out, int ldo, int parts) {
            this.x = x;
            this.ldx = ldx;
            this.m = m;
            this.out = out;
            this.ldo = ldo;
            this.parts = parts;
        }

        @Override
        public void accept(int i) {
            panels(x, ldx, m, out, ldo, (int) ((long) panels * i / parts), (int) ((long) panels * (i + 1) / parts));
        }
    }

    private void panels(float[] x, int ldx, int m, float[] out, int ldo, int from, int to) {
        for (int p = from; p < to; p++) {
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                four(x, r * ldx, ldx, p, out, r * ldo, ldo);
            }
            for (; r < m; r++) {
                one(x, r * ldx, p, out, r * ldo);
            }
        }
    }

    /** Rows {@code x[xa + i * ldx, ...)} for i < 4 times panel p into {@code out[o + i * ldo + p * PANEL, ...)}. */
    private void four(float[] x, int xa, int ldx, int p, float[] out, int o, int ldo) {
        int len = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector d0 = FloatVector.zero(S);
        FloatVector d1 = FloatVector.zero(S);
        int w = p * k * PANEL;
        for (int j = 0; j < k; j++, w += PANEL) {
            FloatVector w0 = FloatVector.fromArray(S, packed, w);
            FloatVector w1 = FloatVector.fromArray(S, packed, w + len);
            FloatVector xs = FloatVector.broadcast(S, x[xa + j]);
            a0 = w0.fma(xs, a0);
            a1 = w1.fma(xs, a1);
            xs = FloatVector.broadcast(S, x[xa + ldx + j]);
            b0 = w0.fma(xs, b0);
            b1 = w1.fma(xs, b1);
            xs = FloatVector.broadcast(S, x[xa + 2 * ldx + j]);
            c0 = w0.fma(xs, c0);
            c1 = w1.fma(xs, c1);
            xs = FloatVector.broadcast(S, x[xa + 3 * ldx + j]);
            d0 = w0.fma(xs, d0);
            d1 = w1.fma(xs, d1);
        }
        o += p * PANEL;
        a0.intoArray(out, o);
        a1.intoArray(out, o + len);
        b0.intoArray(out, o + ldo);
        b1.intoArray(out, o + ldo + len);
        c0.intoArray(out, o + 2 * ldo);
        c1.intoArray(out, o + 2 * ldo + len);
        d0.intoArray(out, o + 3 * ldo);
        d1.intoArray(out, o + 3 * ldo + len);
    }

    /** Row {@code x[xa, xa + k)} times panel p into {@code out[o + p * PANEL, ...)}. */
    private void one(float[] x, int xa, int p, float[] out, int o) {
        int len = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int w = p * k * PANEL;
        for (int j = 0; j < k; j++, w += PANEL) {
            FloatVector xs = FloatVector.broadcast(S, x[xa + j]);
            a0 = FloatVector.fromArray(S, packed, w).fma(xs, a0);
            a1 = FloatVector.fromArray(S, packed, w + len).fma(xs, a1);
        }
        o += p * PANEL;
        a0.intoArray(out, o);
        a1.intoArray(out, o + len);
    }
}
