package io.sparklm.model.runtime;

import io.sparklm.model.layers.TokenEmbeddingLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link TokenEmbeddingLayer}: a gather of table rows forward, a scatter-add of the output gradients
 * into the table's gradient backward (no input gradient: ids are not differentiable); padded positions (feature
 * mask 0) give zero rows and no gradient, as DL4J's EmbeddingSequenceLayer. When tied, the LM head
 * writes its own gradient of the table first in the same backward pass ({@link #headWroteGradient}); this layer,
 * backpropagated last, then adds to it instead of overwriting.
 */
public final class TokenEmbeddingRuntime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
    private boolean headGradientPending;

    public TokenEmbeddingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long b = input.size(0);
        long t = input.size(input.rank() - 1);
        INDArray table = paramTable.get("W");
        INDArray rows = Nd4j.pullRows(table, 1, ids(b * t));                              // [B*T, d]
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, table.dataType(),
                new long[]{b, table.size(1), t}, 'c');
        out.assign(rows.reshape('c', b, t, table.size(1)).permute(0, 2, 1));
        if (maskArray != null) { // padded positions are zero, as DL4J's EmbeddingSequenceLayer
            Broadcast.mul(out, maskArray.castTo(out.dataType()), out, 0, 2);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        long b = epsilon.size(0);
        long d = epsilon.size(1);
        long t = epsilon.size(2);
        INDArray rows = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(), new long[]{b, t, d},
                'c');
        rows.assign(epsilon.permute(0, 2, 1));
        if (maskArray != null) { // no gradient from padded positions
            Broadcast.mul(rows, maskArray.castTo(rows.dataType()), rows, 0, 1);
        }
        INDArray grad = gradTable.get("W");
        if (!headGradientPending) {
            grad.assign(0);
        }
        headGradientPending = false;
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, grad, Nd4j.createFromArray(ids(b * t)),
                rows.reshape('c', b * t, d), 1);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put("W", grad);
        return new Pair<>(g, null);
    }

    private int[] ids(long n) {
        float[] f = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] ids = new int[(int) n];
        int v = ((TokenEmbeddingLayer) layerConf()).getVocabSize();
        for (int i = 0; i < n; i++) {
            ids[i] = (int) f[i];
            if (ids[i] < 0 || ids[i] >= v) {
                throw new IllegalArgumentException("token id " + ids[i] + " outside the vocabulary [0, " + v + ")");
            }
        }
        return ids;
    }

    /** The table {@code [V, d]} (a view of the graph's parameters). */
    public INDArray table() {
        return paramTable.get("W");
    }

    /** The table's gradient view {@code [V, d]}, for the tied head to write into before this layer's backward. */
    public INDArray tableGradient() {
        return gradTable.get("W");
    }

    /** The tied head wrote {@link #tableGradient} in the current backward pass: this layer adds to it. */
    public void headWroteGradient() {
        headGradientPending = true;
    }
}
