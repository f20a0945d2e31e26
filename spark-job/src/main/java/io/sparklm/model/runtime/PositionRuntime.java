package io.sparklm.model.runtime;

import io.sparklm.model.kernels.GemmOps;
import io.sparklm.model.kernels.ScratchArrays;
import io.sparklm.model.layers.PositionLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link PositionLayer}, computed directly (no SameDiff execution): {@code out[b] = x[b] + P^T} for
 * {@code x [B, d, T]} and the table {@code P [T, d]} (learned, or the fixed sinusoid); the input gradient is the
 * incoming one unchanged and the table's gradient is {@code (sum over b of eps[b])^T}, a GEMV.
 */
public final class PositionRuntime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
    private final ScratchArrays scratch = new ScratchArrays();
    private INDArray sinusoid;

    public PositionRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        out.assign(input);
        Nd4j.exec(new BroadcastAddOp(out, table(input.dataType(), input.size(1), input.size(2)), out, 1, 2));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Gradient g = new DefaultGradient();
        if (((PositionLayer) layerConf()).isLearned()) {
            long d = epsilon.size(1);
            long t = epsilon.size(2);
            INDArray e = scratch.get("eps", epsilon.dataType(), epsilon.size(0), d * t);
            e.reshape('c', epsilon.shape()).assign(epsilon);
            INDArray sum = GemmOps.columnSums(e, scratch.get("sum", e.dataType(), 1, d * t), 1.0, scratch);
            INDArray grad = gradTable.get("pos");
            grad.assign(sum.reshape('c', d, t).transpose());
            g.gradientForVariable().put("pos", grad);
        }
        return new Pair<>(g, mgr.dup(ArrayType.ACTIVATION_GRAD, epsilon));
    }

    /** The table as {@code [d, T]} ('c' order, for the broadcast). */
    private INDArray table(DataType dt, long d, long t) {
        if (((PositionLayer) layerConf()).isLearned()) {
            return scratch.get("table", dt, d, t).assign(paramTable.get("pos").transpose());
        }
        if (sinusoid == null || sinusoid.dataType() != dt) {
            sinusoid = scratch.get("sinusoid", dt, d, t).assign(Nd4j.create(
                    PositionLayer.sinusoid((int) t, (int) d)).castTo(dt).transpose());
        }
        return sinusoid;
    }
}
