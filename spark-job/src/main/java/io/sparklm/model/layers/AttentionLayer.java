package io.sparklm.model.layers;

import io.sparklm.model.runtime.AttentionRuntime;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Multi-head self-attention branch (pre-LayerNorm unless {@code preNorm} is off): {@code out = Wo · softmax(QK^T/sqrt(dh) + bias) V} of
 * {@code LN(x)}, WITHOUT the residual (added by a graph vertex so dropout can sit between). Batched matmuls over
 * {@code [B, H, T, dh]}, no per-head loops. {@code causal}: position t attends to keys at or before t;
 * {@code keyMask}: keys where the DL4J mask is 0 (padding) get -1e9. Params: lnG, lnB [1,d]; Wqkv [d,3d];
 * bqkv [1,3d]; Wo [d,d] (init std {@code residualStd}, GPT-2 scaled); bo [1,d].
 */
public class AttentionLayer extends SdTransformerLayer {
    private int numHeads;
    private boolean causal;
    private boolean keyMask;
    private double residualStd = 0.02;

    public AttentionLayer() {}

    public AttentionLayer(int modelDim, int numHeads, int seqLength, boolean causal, boolean keyMask,
                          double initStd, double residualStd) {
        this.modelDim = modelDim;
        this.numHeads = numHeads;
        this.seqLength = seqLength;
        this.causal = causal;
        this.keyMask = keyMask;
        this.initStd = initStd;
        this.residualStd = residualStd;
        if (modelDim % numHeads != 0) {
            throw new IllegalArgumentException("d-model " + modelDim + " is not divisible by n-heads " + numHeads);
        }
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        defineNormParams(p);
        p.addWeightParam("Wqkv", modelDim, 3L * modelDim);
        p.addBiasParam("bqkv", 1, 3L * modelDim);
        p.addWeightParam("Wo", modelDim, modelDim);
        p.addBiasParam("bo", 1, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initNorm(params);
        normal(params.get("Wqkv"), initStd);
        params.get("bqkv").assign(0.0);
        normal(params.get("Wo"), residualStd);
        params.get("bo").assign(0.0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        int h = numHeads;
        int dh = modelDim / h;
        int t = seqLength;
        SDVariable rows = toRows(sd, x);
        SDVariable n = normIn(sd, rows, p);
        SDVariable qkv = n.mmul(p.get("Wqkv")).add(p.get("bqkv"));                 // [B*T, 3d]
        SDVariable split = sd.permute(sd.reshape(qkv, -1, t, 3, h, dh), 2, 0, 3, 1, 4); // [3, B, H, T, dh]
        SDVariable[] parts = sd.unstack(split, 0, 3);
        SDVariable scores = sd.mmul(parts[0], parts[1], false, true, false).mul(1.0 / Math.sqrt(dh)); // [B,H,T,T]
        if (causal) {
            INDArray bias = Nd4j.zeros(x.dataType(), t, t);
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    bias.putScalar(i, j, -1e9);
                }
            }
            scores = scores.add(sd.constant(bias));
        }
        if (keyMask) {
            SDVariable kb = sd.reshape(mask.sub(1.0).mul(1e9), -1, 1, 1, t);
            scores = scores.add(kb);
        }
        SDVariable probs = sd.nn.softmax(scores, 3);
        SDVariable ctx = sd.mmul(probs, parts[2]);                                     // [B, H, T, dh]
        SDVariable merged = sd.reshape(sd.permute(ctx, 0, 2, 1, 3), -1, modelDim);     // [B*T, d]
        SDVariable out = merged.mmul(p.get("Wo")).add(p.get("bo"));
        return toSeq(sd, out);
    }

    public int getNumHeads() { return numHeads; }
    public void setNumHeads(int numHeads) { this.numHeads = numHeads; }
    public boolean isCausal() { return causal; }
    public void setCausal(boolean causal) { this.causal = causal; }
    public boolean isKeyMask() { return keyMask; }
    public void setKeyMask(boolean keyMask) { this.keyMask = keyMask; }
    public double getResidualStd() { return residualStd; }
    public void setResidualStd(double residualStd) { this.residualStd = residualStd; }

    /** Computed directly on rows by {@link AttentionRuntime}; {@link #defineLayer} is its tested reference. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        return new AttentionRuntime(conf, dataType);
    }
}
