package io.sparklm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link RowKernels} for float arrays with the JDK Vector API ({@link VectorMath}): each row (or block of 4096
 * elements) is copied from the array's native memory into a Java array, computed in one or two passes, and copied
 * back; rows are split into contiguous chunks run side by side ({@link VectorSupport#forEachChunk}), so results do
 * not depend on the thread count. Arrays that are not float, contiguous {@code 'c'} order and under 2 GiB go to
 * {@link Nd4jRowKernels}. Column sums (LayerNorm's gain and bias gradients) stay GEMVs ({@link GemmOps}).
 */
public final class VectorRowKernels implements RowKernels {
    private static final int BLOCK = 4096;
    private final Nd4jRowKernels fallback = new Nd4jRowKernels();

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void softmax(INDArray rows, double scale, boolean causal) {
        if (!usable(rows) || !(scale > 0)) {
            fallback.softmax(rows, scale, causal);
            return;
        }
        softmaxRows(rows, null, (float) scale, causal);
    }

    @Override
    public void biasSoftmax(INDArray rows, INDArray bias) {
        int k = (int) rows.size(1);
        if (!usable(rows, bias) || bias.length() != k) {
            fallback.biasSoftmax(rows, bias);
            return;
        }
        float[] b = new float[k];
        floats(bias).get((int) bias.offset(), b, 0, k);
        softmaxRows(rows, b, 1f, false);
    }

    /**
     * In place, per row of {@code rows [N, k]}: {@code softmax(scale * (x + bias))} ({@code bias} null: none); with
     * {@code causal}, only the entries up to the query position {@code r mod k} are computed, the rest set to 0.
     */
    private static void softmaxRows(INDArray rows, float[] bias, float scale, boolean causal) {
        int k = (int) rows.size(1);
        FloatBuffer buf = floats(rows);
        int base = (int) rows.offset();
        forRows(rows, (r0, r1) -> {
            float[] a = new float[k];
            for (int r = r0; r < r1; r++) {
                int len = causal ? r % k + 1 : k;
                int at = base + r * k;
                buf.get(at, a, 0, len);
                if (bias != null) {
                    VectorMath.add(a, bias, len);
                }
                VectorMath.softmax(a, len, scale);
                if (causal) {
                    Arrays.fill(a, len, k, 0f);
                }
                buf.put(at, a, 0, k);
            }
        });
    }

    @Override
    public void softmaxBackward(INDArray p, INDArray dp, double scale, ScratchArrays scratch) {
        if (!usable(p, dp)) {
            fallback.softmaxBackward(p, dp, scale, scratch);
            return;
        }
        int k = (int) p.size(1);
        FloatBuffer pb = floats(p);
        FloatBuffer db = floats(dp);
        int pBase = (int) p.offset();
        int dBase = (int) dp.offset();
        float sc = (float) scale;
        forRows(p, (r0, r1) -> {
            float[] a = new float[k];
            float[] d = new float[k];
            for (int r = r0; r < r1; r++) {
                pb.get(pBase + r * k, a, 0, k);
                db.get(dBase + r * k, d, 0, k);
                VectorMath.softmaxBackward(a, d, k, sc);
                db.put(dBase + r * k, d, 0, k);
            }
        });
    }

    @Override
    public void geluForward(INDArray u, INDArray s, INDArray h) {
        if (!usable(u, s, h)) {
            fallback.geluForward(u, s, h);
            return;
        }
        FloatBuffer ub = floats(u);
        FloatBuffer sb = floats(s);
        FloatBuffer hb = floats(h);
        int uo = (int) u.offset();
        int so = (int) s.offset();
        int ho = (int) h.offset();
        forBlocks(u.length(), 3, (at, len, t) -> {
            float[] x = t[0];
            float[] sig = t[1];
            float[] out = t[2];
            ub.get(uo + at, x, 0, len);
            VectorMath.gelu(x, sig, out, len);
            sb.put(so + at, sig, 0, len);
            hb.put(ho + at, out, 0, len);
        });
    }

    @Override
    public void geluBackward(INDArray dh, INDArray u, INDArray s, INDArray tmp) {
        if (!usable(dh, u, s)) {
            fallback.geluBackward(dh, u, s, tmp);
            return;
        }
        FloatBuffer db = floats(dh);
        FloatBuffer ub = floats(u);
        FloatBuffer sb = floats(s);
        int dOff = (int) dh.offset();
        int uo = (int) u.offset();
        int so = (int) s.offset();
        forBlocks(dh.length(), 3, (at, len, t) -> {
            float[] d = t[0];
            float[] x = t[1];
            float[] sig = t[2];
            db.get(dOff + at, d, 0, len);
            ub.get(uo + at, x, 0, len);
            sb.get(so + at, sig, 0, len);
            VectorMath.geluBackward(d, x, sig, len);
            db.put(dOff + at, d, 0, len);
        });
    }

    @Override
    public void layerNormForward(INDArray x, INDArray gain, INDArray bias, double eps, INDArray xhat, INDArray rstd,
                                 INDArray y, ScratchArrays scratch) {
        if (!usable(x, gain, bias, xhat, rstd, y)) {
            fallback.layerNormForward(x, gain, bias, eps, xhat, rstd, y, scratch);
            return;
        }
        int d = (int) x.size(1);
        float[] g = gain.toFloatVector();
        float[] b = bias.toFloatVector();
        FloatBuffer xb = floats(x);
        FloatBuffer hb = floats(xhat);
        FloatBuffer rb = floats(rstd);
        FloatBuffer yb = floats(y);
        int xo = (int) x.offset();
        int ho = (int) xhat.offset();
        int ro = (int) rstd.offset();
        int yo = (int) y.offset();
        float e = (float) eps;
        forRows(x, (r0, r1) -> {
            float[] in = new float[d];
            float[] h = new float[d];
            float[] out = new float[d];
            for (int r = r0; r < r1; r++) {
                xb.get(xo + r * d, in, 0, d);
                rb.put(ro + r, VectorMath.layerNorm(in, g, b, e, h, out, d));
                hb.put(ho + r * d, h, 0, d);
                yb.put(yo + r * d, out, 0, d);
            }
        });
    }

    @Override
    public void layerNormBackward(INDArray dy, INDArray xhat, INDArray rstd, INDArray gain, INDArray dx,
                                  INDArray dGain, INDArray dBias, ScratchArrays scratch) {
        if (!usable(dy, xhat, rstd, gain, dx)) {
            fallback.layerNormBackward(dy, xhat, rstd, gain, dx, dGain, dBias, scratch);
            return;
        }
        GemmOps.columnSums(dy, dBias, 1.0, scratch);
        int d = (int) dy.size(1);
        float[] g = gain.toFloatVector();
        FloatBuffer yb = floats(dy);
        FloatBuffer hb = floats(xhat);
        FloatBuffer rb = floats(rstd);
        FloatBuffer xb = floats(dx);
        int yo = (int) dy.offset();
        int ho = (int) xhat.offset();
        int ro = (int) rstd.offset();
        int xo = (int) dx.offset();
        forRows(dy, (r0, r1) -> {
            float[] dyr = new float[d];
            float[] h = new float[d];
            float[] out = new float[d];
            for (int r = r0; r < r1; r++) {
                yb.get(yo + r * d, dyr, 0, d);
                hb.get(ho + r * d, h, 0, d);
                VectorMath.layerNormBackward(dyr, h, g, rb.get(ro + r), out, d);
                xb.put(xo + r * d, out, 0, d);
                yb.put(yo + r * d, dyr, 0, d);                    // dy * xhat, summed into dGain below
            }
        });
        GemmOps.columnSums(dy, dGain, 1.0, scratch);
    }

    /** A task over the rows {@code [r0, r1)} of a chunk. */
    private interface RowRange {
        void run(int r0, int r1);
    }

    /** A task over the elements {@code [at, at + len)} of one block, with the chunk's scratch arrays. */
    private interface Block {
        void run(int at, int len, float[][] scratch);
    }

    /** Splits the rows of {@code rows [N, k]} into chunks; runs {@code task(r0, r1)} per chunk. */
    private static void forRows(INDArray rows, RowRange task) {
        long n = rows.size(0);
        int chunks = VectorSupport.chunks(rows.length());
        VectorSupport.forEachChunk(chunks, c -> task.run((int) (n * c / chunks), (int) (n * (c + 1) / chunks)));
    }

    /**
     * Splits {@code [0, length)} into chunks of whole {@link #BLOCK}s; runs {@code task} per block with
     * {@code arrays} scratch arrays of {@link #BLOCK} floats per chunk.
     */
    private static void forBlocks(long length, int arrays, Block task) {
        long blocks = (length + BLOCK - 1) / BLOCK;
        int chunks = VectorSupport.chunks(length);
        VectorSupport.forEachChunk(chunks, c -> {
            float[][] scratch = new float[arrays][BLOCK];
            for (long blk = blocks * c / chunks; blk < blocks * (c + 1) / chunks; blk++) {
                long at = blk * BLOCK;
                task.run((int) at, (int) Math.min(BLOCK, length - at), scratch);
            }
        });
    }

    private static boolean usable(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.isEmpty()
                    || (a.length() > 1 && a.elementWiseStride() != 1)
                    || (a.offset() + a.length()) * 4L >= Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The whole data buffer of {@code a} as floats (index {@code a.offset()} is {@code a}'s first element). */
    private static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
