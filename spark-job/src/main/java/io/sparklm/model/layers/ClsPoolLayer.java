package io.sparklm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * BERT pooler for next-sentence prediction: {@code tanh(W · h[:, :, 0] + b)}, the hidden state of the first
 * ([CLS]) position, {@code [B, d, T] -> [B, d]}. Drops the sequence mask (its output is per example).
 */
public class ClsPoolLayer extends SdTransformerLayer {
    public ClsPoolLayer() {}

    public ClsPoolLayer(int modelDim, int seqLength, double initStd) {
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.initStd = initStd;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        p.addWeightParam("W", modelDim, modelDim);
        p.addBiasParam("b", 1, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        normal(params.get("W"), initStd);
        params.get("b").assign(0.0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable first = x.get(SDIndex.all(), SDIndex.all(), SDIndex.point(0));     // [B, d]
        SDVariable pooled = sd.math.tanh(first.mmul(p.get("W")).add(p.get("b")));
        return pooled;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState state, int minibatch) {
        return new Pair<>(null, MaskState.Active);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(modelDim);
    }
}
