package io.sparklm.model.runtime;

import io.sparklm.model.kernels.GemmOps;
import io.sparklm.model.layers.HeadTransformLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link HeadTransformLayer} on rows (see {@link RowsRuntime}): {@code u = x W + b}, tanh GELU, then
 * LayerNorm. Training keeps x, u, sigmoid(...) and LN's xhat/rstd for the backward.
 */
public final class HeadTransformRuntime extends RowsRuntime {
    public HeadTransformRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray forwardRows(INDArray x, long b, long t) {
        DataType dt = x.dataType();
        long n = x.size(0);
        long d = x.size(1);
        INDArray in = kept("x", dt, n, d).assign(x);
        INDArray u = kept("u", dt, n, d);
        Nd4j.gemm(in, paramTable.get("W"), u, false, false, 1.0, 0.0);
        u.addiRowVector(paramTable.get("b"));
        INDArray h = temp(dt, n, d);
        kernels(dt).geluForward(u, kept("sigmoid", dt, n, d), h);
        return layerNorm(h, temp(dt, n, d));
    }

    @Override
    protected INDArray backwardRows(INDArray dOut, long b, long t) {
        DataType dt = dOut.dataType();
        long n = dOut.size(0);
        long d = dOut.size(1);
        INDArray du = layerNormBackward(dOut);                        // dL/dh, then in place dL/du
        kernels(dt).geluBackward(du, kept("u", dt, n, d), kept("sigmoid", dt, n, d), temp(dt, n, d));
        GemmOps.weightGradient(kept("x", dt, n, d), du, gradTable.get("W"), scratch);
        GemmOps.columnSums(du, gradTable.get("b"), 1.0, scratch);
        INDArray dx = temp(dt, n, d);
        Nd4j.gemm(du, paramTable.get("W"), dx, false, true, 1.0, 0.0);
        return dx;
    }
}
