package io.sparklm.model.layers;

import io.sparklm.model.runtime.LayerNormRuntime;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** LayerNorm over the model dimension of a {@code [B, d, T]} activation (the final LN before the LM head). */
public class LayerNormLayer extends SdTransformerLayer {
    public LayerNormLayer() {}

    public LayerNormLayer(int modelDim, int seqLength) {
        this.modelDim = modelDim;
        this.seqLength = seqLength;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        p.addBiasParam("lnG", 1, modelDim);
        p.addBiasParam("lnB", 1, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("lnG").assign(1.0);
        params.get("lnB").assign(0.0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable n = SdOps.layerNorm(sd, toRows(sd, x), p.get("lnG"), p.get("lnB"), layerNormEps);
        return toSeq(sd, n);
    }

    /** Computed directly on rows by {@link LayerNormRuntime}; {@link #defineLayer} is its tested reference. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        return new LayerNormRuntime(conf, dataType);
    }
}
