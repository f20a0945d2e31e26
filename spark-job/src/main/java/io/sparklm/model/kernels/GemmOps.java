package io.sparklm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GEMM forms of the direct runtimes, chosen by measurement on ND4J 1.0.0-M2.1 (docs/performance.md section
 * 4): weight gradients {@code a^T dz} go into an 'f'-order array (the same GEMM into a 'c'-order output runs
 * at about half the speed; a 'c' gradient is written through its 'f'-order transpose view, with no copy), and
 * sums or means along one axis of a 2-d {@code [N, k]} array are a GEMV with a ones vector (ND4J's own reduction
 * over axis 0 of a float {@code [2048, 8000]} takes ~100 ms, the GEMV ~4 ms). Results go into the given
 * output, which may be a view (a gradient in DL4J's flat gradient vector).
 */
public final class GemmOps {
    private GemmOps() {}

    /**
     * {@code grad [k, m] = a^T dz} for {@code a [N, k]}, {@code dz [N, m]}. A contiguous 'c'-order {@code grad} is
     * the 'f'-order {@code [m, k]} array {@code grad^T}, so {@code dz^T a} goes straight into it; otherwise through an
     * 'f' scratch buffer and a copy.
     */
    public static void weightGradient(INDArray a, INDArray dz, INDArray grad, ScratchArrays scratch) {
        long k = a.size(1);
        long m = dz.size(1);
        if (grad.ordering() == 'c' && grad.rank() == 2 && grad.elementWiseStride() == 1) {
            INDArray gradT = Nd4j.create(grad.data(), new long[]{m, k}, new long[]{1, m}, grad.offset(), 'f');
            Nd4j.gemm(dz, a, gradT, true, false, 1.0, 0.0);
            return;
        }
        INDArray f = scratch.get("weightGradF" + k + "x" + m, a.dataType(), 'f', k, m);
        Nd4j.gemm(a, dz, f, true, false, 1.0, 0.0);
        grad.assign(f);
    }

    /** {@code out [1, k] = scale * (sum over rows of m)}. */
    public static INDArray columnSums(INDArray m, INDArray out, double scale, ScratchArrays scratch) {
        INDArray ones = ones(scratch, m, m.size(0)).reshape('c', 1, m.size(0));
        Nd4j.gemm(ones, m, out, false, false, scale, 0.0);
        return out;
    }

    /** {@code out [N, 1] = scale * (sum over columns of m)}. */
    static INDArray rowSums(INDArray m, INDArray out, double scale, ScratchArrays scratch) {
        INDArray ones = ones(scratch, m, m.size(1)).reshape('c', m.size(1), 1);
        Nd4j.gemm(m, ones, out, false, false, scale, 0.0);
        return out;
    }

    private static INDArray ones(ScratchArrays scratch, INDArray like, long n) {
        return scratch.constant("ones", like.dataType(), n, 1.0);
    }
}
