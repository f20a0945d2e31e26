package io.sparklm.model.layers;

import io.sparklm.model.runtime.HeadTransformRuntime;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * BERT's masked-LM head transform before the decoder: {@code LN(gelu(x W + b))} on each position of {@code [B, d, T]}.
 * Params: W [d, d] (init N(0, initStd^2)), b [1, d], lnG, lnB [1, d]. Computed directly by
 * {@link HeadTransformRuntime}; {@link #defineLayer} is its tested reference.
 */
public class HeadTransformLayer extends SdTransformerLayer {
    public HeadTransformLayer() {}

    public HeadTransformLayer(int modelDim, int seqLength, double initStd, double layerNormEps) {
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.initStd = initStd;
        this.layerNormEps = layerNormEps;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        p.addWeightParam("W", modelDim, modelDim);
        p.addBiasParam("b", 1, modelDim);
        p.addBiasParam("lnG", 1, modelDim);
        p.addBiasParam("lnB", 1, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        normal(params.get("W"), initStd);
        params.get("b").assign(0.0);
        params.get("lnG").assign(1.0);
        params.get("lnB").assign(0.0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable h = SdOps.gelu(sd, toRows(sd, x).mmul(p.get("W")).add(p.get("b")));
        return toSeq(sd, SdOps.layerNorm(sd, h, p.get("lnG"), p.get("lnB"), layerNormEps));
    }

    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        return new HeadTransformRuntime(conf, dataType);
    }
}
