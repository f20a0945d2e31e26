package io.sparklm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/** {@link RowKernels} with ND4J array ops, for any data type (the reference; the only choice for double). */
public final class Nd4jRowKernels implements RowKernels {
    private INDArray causalBias;

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public void softmax(INDArray rows, double scale, boolean causal) {
        if (scale != 1.0) {
            rows.muli(scale);
        }
        if (causal) {
            long t = rows.size(1);
            INDArray s3 = rows.reshape('c', rows.size(0) / t, t, t);
            Nd4j.exec(new BroadcastAddOp(s3, causalBias(rows.dataType(), t), s3, 1, 2));
        }
        Nd4j.exec(new SoftMax(rows, rows, 1));
    }

    @Override
    public void biasSoftmax(INDArray rows, INDArray bias) {
        softmax(rows.addiRowVector(bias), 1.0, false);
    }

    @Override
    public void softmaxBackward(INDArray p, INDArray dp, double scale, ScratchArrays scratch) {
        dp.muli(p);
        INDArray rowDot = GemmOps.rowSums(dp, scratch.get("softmaxRowDot", dp.dataType(), dp.size(0), 1), 1.0,
                scratch);
        dp.subi(p.muliColumnVector(rowDot)).muli(scale);
    }

    @Override
    public void geluForward(INDArray u, INDArray s, INDArray h) {
        GeluTanh.forward(u, s, h);
    }

    @Override
    public void geluBackward(INDArray dh, INDArray u, INDArray s, INDArray tmp) {
        GeluTanh.backward(dh, u, s, tmp);
    }

    @Override
    public void layerNormForward(INDArray x, INDArray gain, INDArray bias, double eps, INDArray xhat, INDArray rstd,
                                 INDArray y, ScratchArrays scratch) {
        LayerNormRows.forward(x, gain, bias, eps, xhat, rstd, y, scratch);
    }

    @Override
    public void layerNormBackward(INDArray dy, INDArray xhat, INDArray rstd, INDArray gain, INDArray dx,
                                  INDArray dGain, INDArray dBias, ScratchArrays scratch) {
        LayerNormRows.backward(dy, xhat, rstd, gain, dx, dGain, dBias, scratch);
    }

    /** {@code [T, T]}: 0 on and below the diagonal, -1e9 above (key after query), outside any workspace. */
    private INDArray causalBias(DataType dt, long t) {
        if (causalBias == null || causalBias.dataType() != dt || causalBias.size(0) != t) {
            double[][] m = new double[(int) t][(int) t];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    m[i][j] = -1e9;
                }
            }
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                causalBias = Nd4j.create(m).castTo(dt);
            }
        }
        return causalBias;
    }
}
