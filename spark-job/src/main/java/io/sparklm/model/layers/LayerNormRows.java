package io.sparklm.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the last axis of rows {@code [N, d]}, forward and backward written with ND4J array ops (biased
 * variance, eps inside the square root, as PyTorch): {@code xhat = (x - mean) * rstd}, {@code rstd =
 * 1/sqrt(var + eps)}, {@code y = xhat * gain + bias}. The forward leaves {@code xhat} and {@code rstd} for the
 * backward.
 */
final class LayerNormRows {
    private LayerNormRows() {}

    /** Writes {@code xhat [N, d]}, {@code rstd [N, 1]} and {@code y [N, d]} from {@code x} (not modified). */
    static void forward(INDArray x, INDArray gain, INDArray bias, double eps, INDArray xhat, INDArray rstd,
                        INDArray y) {
        xhat.assign(x).subiColumnVector(x.mean(true, 1));
        y.assign(xhat).muli(xhat);                                  // y as scratch for the squares
        rstd.assign(y.mean(true, 1)).addi(eps);
        Transforms.sqrt(rstd, false).rdivi(1.0);
        xhat.muliColumnVector(rstd);
        y.assign(xhat).muliRowVector(gain).addiRowVector(bias);
    }

    /**
     * From {@code dy [N, d]} (overwritten as scratch) and the forward's {@code xhat}, {@code rstd}: writes
     * {@code dx [N, d]}, {@code dGain} and {@code dBias} ({@code [1, d]}).
     */
    static void backward(INDArray dy, INDArray xhat, INDArray rstd, INDArray gain, INDArray dx, INDArray dGain,
                         INDArray dBias) {
        dBias.assign(dy.sum(true, 0));
        dx.assign(dy).muli(xhat);
        dGain.assign(dx.sum(true, 0));
        dy.muliRowVector(gain);                                     // dy is now dxhat
        INDArray meanDxhatXhat = dx.assign(dy).muli(xhat).mean(true, 1);
        INDArray meanDxhat = dy.mean(true, 1);
        dx.assign(xhat).muliColumnVector(meanDxhatXhat).rsubi(dy).subiColumnVector(meanDxhat).muliColumnVector(rstd);
    }
}
