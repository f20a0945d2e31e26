package io.sparklm.model.runtime;

import io.sparklm.model.kernels.GemmOps;
import io.sparklm.model.layers.AttentionLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime of {@link AttentionLayer} on rows (see {@link RowsRuntime}): LN, one QKV GEMM, batched {@code [B, H, T,
 * dh]} matmuls for scores and context, additive causal / key-padding masks (-1e9, as the SameDiff definition),
 * softmax over the contiguous last axis, output GEMM. Training keeps LN's xhat/rstd/output, the per-head
 * {@code q, k, v} and the merged context for the backward; the probabilities {@code [B, H, T, T]} (the largest
 * activation at long sequences: 604 MB per sequence over GPT-2 small's 12 layers at T = 1024) are recomputed there
 * from q and k, one more {@code q k^T} GEMM and softmax per layer and step.
 */
public final class AttentionRuntime extends RowsRuntime {
    public AttentionRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private AttentionLayer cfg() {
        return (AttentionLayer) layerConf();
    }

    @Override
    protected INDArray forwardRows(INDArray x, long b, long t) {
        AttentionLayer c = cfg();
        DataType dt = x.dataType();
        long n = x.size(0);
        long d = x.size(1);
        long h = c.getNumHeads();
        long dh = d / h;
        INDArray y = normIn(x, kept("y", dt, n, d));
        INDArray qkv = temp(dt, n, 3 * d);
        Nd4j.gemm(y, paramTable.get("Wqkv"), qkv, false, false, 1.0, 0.0);
        qkv.addiRowVector(paramTable.get("bqkv"));
        INDArray heads = kept("heads", dt, 3, b, h, t, dh);                         // q, k, v per head
        heads.assign(qkv.reshape('c', b, t, 3, h, dh).permute(2, 0, 3, 1, 4));
        INDArray p = probabilities(heads, temp(dt, b, h, t, t), dh);
        INDArray ctx = temp(dt, b, h, t, dh);
        Nd4j.matmul(p, part(heads, 2), ctx, false, false, false);
        INDArray merged = kept("merged", dt, b, t, h, dh);
        merged.assign(ctx.permute(0, 2, 1, 3));
        INDArray m2 = merged.reshape('c', n, d);
        INDArray out = temp(dt, n, d);
        Nd4j.gemm(m2, paramTable.get("Wo"), out, false, false, 1.0, 0.0);
        return out.addiRowVector(paramTable.get("bo"));
    }

    @Override
    protected INDArray backwardRows(INDArray dOut, long b, long t) {
        AttentionLayer c = cfg();
        DataType dt = dOut.dataType();
        long n = dOut.size(0);
        long d = dOut.size(1);
        long h = c.getNumHeads();
        long dh = d / h;
        INDArray merged = kept("merged", dt, b, t, h, dh).reshape('c', n, d);
        GemmOps.weightGradient(merged, dOut, gradTable.get("Wo"), scratch);
        GemmOps.columnSums(dOut, gradTable.get("bo"), 1.0, scratch);
        INDArray dMerged = temp(dt, n, d);
        Nd4j.gemm(dOut, paramTable.get("Wo"), dMerged, false, true, 1.0, 0.0);
        INDArray dCtx = temp(dt, b, h, t, dh);
        dCtx.assign(dMerged.reshape('c', b, t, h, dh).permute(0, 2, 1, 3));
        INDArray heads = kept("heads", dt, 3, b, h, t, dh);
        INDArray p = probabilities(heads, temp(dt, b, h, t, t), dh);                 // recomputed, not kept
        INDArray dHeads = temp(dt, 3, b, h, t, dh);
        Nd4j.matmul(p, dCtx, part(dHeads, 2), true, false, false);                    // dV = P^T dCtx
        INDArray dp = temp(dt, b, h, t, t);
        Nd4j.matmul(dCtx, part(heads, 2), dp, false, true, false);                    // dP = dCtx V^T
        kernels(dt).softmaxBackward(p.reshape('c', b * h * t, t), dp.reshape('c', b * h * t, t),
                1.0 / Math.sqrt(dh), scratch);                                         // dS, with the 1/sqrt(dh)
        Nd4j.matmul(dp, part(heads, 1), part(dHeads, 0), false, false, false);       // dQ = dS K
        Nd4j.matmul(dp, part(heads, 0), part(dHeads, 1), true, false, false);        // dK = dS^T Q
        INDArray dQkv = temp(dt, n, 3 * d);
        dQkv.reshape('c', b, t, 3, h, dh).assign(dHeads.permute(1, 3, 0, 2, 4));
        INDArray y = kept("y", dt, n, d);
        GemmOps.weightGradient(y, dQkv, gradTable.get("Wqkv"), scratch);
        GemmOps.columnSums(dQkv, gradTable.get("bqkv"), 1.0, scratch);
        INDArray dY = dMerged;                                                         // dMerged is consumed
        Nd4j.gemm(dQkv, paramTable.get("Wqkv"), dY, false, true, 1.0, 0.0);
        return normInBackward(dY);
    }

    /**
     * The attention probabilities {@code softmax(q k^T / sqrt(dh) + masks)} of the per-head {@code heads} into
     * {@code p [B, H, T, T]}; returns {@code p}.
     */
    private INDArray probabilities(INDArray heads, INDArray p, long dh) {
        AttentionLayer c = cfg();
        long b = p.size(0);
        long h = p.size(1);
        long t = p.size(2);
        Nd4j.matmul(part(heads, 0), part(heads, 1), p, false, true, false);
        double scale = 1.0 / Math.sqrt(dh);
        if (c.isKeyMask() && maskArray != null) {
            p.muli(scale);
            scale = 1.0;
            INDArray keyBias = maskArray.castTo(p.dataType()).sub(1.0).muli(1e9);      // [B, T]: 0 or -1e9
            Nd4j.exec(new BroadcastAddOp(p, keyBias, p, 0, 3));
        }
        kernels(p.dataType()).softmax(p.reshape('c', b * h * t, t), scale, c.isCausal());
        return p;
    }

    /** Entry {@code i} of a {@code [3, B, H, T, dh]} array: a contiguous {@code [B, H, T, dh]} view. */
    private static INDArray part(INDArray heads, int i) {
        return heads.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
    }
}
