package io.sparklm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the last axis of rows {@code [N, d]}, forward and backward written with ND4J array ops (biased
 * variance, eps inside the square root, as PyTorch): {@code xhat = (x - mean) * rstd}, {@code rstd =
 * 1/sqrt(var + eps)}, {@code y = xhat * gain + bias}. The forward leaves {@code xhat} and {@code rstd} for the
 * backward; row and column sums are GEMVs ({@link GemmOps}).
 */
public final class LayerNormRows {
    private LayerNormRows() {}

    /** Writes {@code xhat [N, d]}, {@code rstd [N, 1]} and {@code y [N, d]} from {@code x} (not modified). */
    static void forward(INDArray x, INDArray gain, INDArray bias, double eps, INDArray xhat, INDArray rstd,
                        INDArray y, ScratchArrays scratch) {
        long n = x.size(0);
        double invD = 1.0 / x.size(1);
        INDArray mean = GemmOps.rowSums(x, scratch.get("lnMean", x.dataType(), n, 1), invD, scratch);
        Nd4j.exec(new BroadcastSubOp(x, mean, xhat, 0));
        Nd4j.exec(new MulOp(xhat, xhat, y));                        // y as scratch for the squares
        GemmOps.rowSums(y, rstd, invD, scratch).addi(eps);
        Transforms.sqrt(rstd, false).rdivi(1.0);
        xhat.muliColumnVector(rstd);
        Nd4j.exec(new BroadcastMulOp(xhat, gain, y, 1));
        y.addiRowVector(bias);
    }

    /**
     * From {@code dy [N, d]} (overwritten as scratch) and the forward's {@code xhat}, {@code rstd}: writes
     * {@code dx [N, d]}, {@code dGain} and {@code dBias} ({@code [1, d]}).
     */
    static void backward(INDArray dy, INDArray xhat, INDArray rstd, INDArray gain, INDArray dx, INDArray dGain,
                         INDArray dBias, ScratchArrays scratch) {
        long n = dy.size(0);
        double invD = 1.0 / dy.size(1);
        GemmOps.columnSums(dy, dBias, 1.0, scratch);
        Nd4j.exec(new MulOp(dy, xhat, dx));
        GemmOps.columnSums(dx, dGain, 1.0, scratch);
        dy.muliRowVector(gain);                                     // dy is now dxhat
        Nd4j.exec(new MulOp(dy, xhat, dx));
        INDArray meanDxhatXhat = GemmOps.rowSums(dx,
                scratch.get("lnM2", dy.dataType(), n, 1), invD, scratch);
        INDArray meanDxhat = GemmOps.rowSums(dy, scratch.get("lnM1", dy.dataType(), n, 1), invD, scratch);
        Nd4j.exec(new BroadcastMulOp(xhat, meanDxhatXhat, dx, 0));
        dx.rsubi(dy).subiColumnVector(meanDxhat).muliColumnVector(rstd);
    }
}
