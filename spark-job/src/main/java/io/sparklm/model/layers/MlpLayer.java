package io.sparklm.model.layers;

import io.sparklm.model.runtime.MlpRuntime;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Feed-forward branch {@code W2 · gelu(W1 · LN(x) + b1) + b2} (without the LN when {@code preNorm} is off), without
 * the residual. Params: lnG, lnB [1,d] (pre-LN only); W1 [d,ff]; b1 [1,ff]; W2 [ff,d] (init std {@code residualStd}); b2 [1,d].
 */
public class MlpLayer extends SdTransformerLayer {
    private int ffDim;
    private double residualStd = 0.02;

    public MlpLayer() {}

    public MlpLayer(int modelDim, int ffDim, int seqLength, double initStd, double residualStd) {
        this.modelDim = modelDim;
        this.ffDim = ffDim;
        this.seqLength = seqLength;
        this.initStd = initStd;
        this.residualStd = residualStd;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        defineNormParams(p);
        p.addWeightParam("W1", modelDim, ffDim);
        p.addBiasParam("b1", 1, ffDim);
        p.addWeightParam("W2", ffDim, modelDim);
        p.addBiasParam("b2", 1, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initNorm(params);
        normal(params.get("W1"), initStd);
        params.get("b1").assign(0.0);
        normal(params.get("W2"), residualStd);
        params.get("b2").assign(0.0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable rows = toRows(sd, x);
        SDVariable n = normIn(sd, rows, p);
        SDVariable hidden = SdOps.gelu(sd, n.mmul(p.get("W1")).add(p.get("b1")));
        SDVariable out = hidden.mmul(p.get("W2")).add(p.get("b2"));
        return toSeq(sd, out);
    }

    public int getFfDim() { return ffDim; }
    public void setFfDim(int ffDim) { this.ffDim = ffDim; }
    public double getResidualStd() { return residualStd; }
    public void setResidualStd(double residualStd) { this.residualStd = residualStd; }

    /** Computed directly on rows by {@link MlpRuntime}; {@link #defineLayer} is its tested reference. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        return new MlpRuntime(conf, dataType);
    }
}
