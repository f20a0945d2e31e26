package io.sparklm.model.runtime;

import io.sparklm.model.kernels.GemmOps;
import io.sparklm.model.layers.MlpLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link MlpLayer} on rows (see {@link RowsRuntime}): LN, {@code u = y W1 + b1}, tanh GELU,
 * {@code out = gelu(u) W2 + b2}. Training keeps LN's xhat/rstd/output and {@code u}, {@code sigmoid(...)},
 * {@code gelu(u)} ({@code [N, ff]} each) for the backward.
 */
public final class MlpRuntime extends RowsRuntime {
    public MlpRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private MlpLayer cfg() {
        return (MlpLayer) layerConf();
    }

    @Override
    protected INDArray forwardRows(INDArray x, long b, long t) {
        MlpLayer c = cfg();
        DataType dt = x.dataType();
        long n = x.size(0);
        long d = x.size(1);
        long ff = c.getFfDim();
        INDArray y = normIn(x, kept("y", dt, n, d));
        INDArray u = kept("u", dt, n, ff);
        Nd4j.gemm(y, paramTable.get("W1"), u, false, false, 1.0, 0.0);
        u.addiRowVector(paramTable.get("b1"));
        INDArray sig = kept("sigmoid", dt, n, ff);
        INDArray hidden = kept("hidden", dt, n, ff);
        kernels(dt).geluForward(u, sig, hidden);
        INDArray out = temp(dt, n, d);
        Nd4j.gemm(hidden, paramTable.get("W2"), out, false, false, 1.0, 0.0);
        return out.addiRowVector(paramTable.get("b2"));
    }

    @Override
    protected INDArray backwardRows(INDArray dOut, long b, long t) {
        MlpLayer c = cfg();
        DataType dt = dOut.dataType();
        long n = dOut.size(0);
        long d = dOut.size(1);
        long ff = c.getFfDim();
        INDArray hidden = kept("hidden", dt, n, ff);
        GemmOps.weightGradient(hidden, dOut, gradTable.get("W2"), scratch);
        GemmOps.columnSums(dOut, gradTable.get("b2"), 1.0, scratch);
        INDArray du = temp(dt, n, ff);
        Nd4j.gemm(dOut, paramTable.get("W2"), du, false, true, 1.0, 0.0);
        kernels(dt).geluBackward(du, kept("u", dt, n, ff), kept("sigmoid", dt, n, ff), hidden);
        INDArray y = kept("y", dt, n, d);
        GemmOps.weightGradient(y, du, gradTable.get("W1"), scratch);
        GemmOps.columnSums(du, gradTable.get("b1"), 1.0, scratch);
        INDArray dY = temp(dt, n, d);
        Nd4j.gemm(du, paramTable.get("W1"), dY, false, true, 1.0, 0.0);
        return normInBackward(dY);
    }
}
