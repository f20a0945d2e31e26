package io.sparklm.model.layers;

import io.sparklm.model.runtime.TiedEmbedding;
import io.sparklm.model.runtime.TokenEmbeddingRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * Token embedding: ids {@code [B, T]} (as floats) to {@code [B, d, T]} rows of the table {@code W [V, d]} (init
 * N(0, initStd^2)); the feature mask passes through. With {@code tied}, the LM head of the same graph projects with
 * this table ({@link TiedEmbedding}). Computed directly by {@link TokenEmbeddingRuntime}.
 */
public class TokenEmbeddingLayer extends SdTransformerLayer {
    private int vocabSize;
    private boolean tied;

    public TokenEmbeddingLayer() {}

    public TokenEmbeddingLayer(int vocabSize, int modelDim, int seqLength, double initStd, boolean tied) {
        this.vocabSize = vocabSize;
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.initStd = initStd;
        this.tied = tied;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        p.addWeightParam("W", vocabSize, modelDim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        normal(params.get("W"), initStd);
    }

    /** Not executed (the runtime is direct); the table lookup has no SameDiff form used here. */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        throw new UnsupportedOperationException("TokenEmbeddingLayer runs only directly (TokenEmbeddingRuntime)");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Layer l = super.instantiate(conf, listeners, layerIndex, paramsView, initializeParams, networkDataType);
        if (tied) {
            TiedEmbedding.offer((TokenEmbeddingRuntime) l);
        }
        return l;
    }

    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration conf,
                                                                             DataType dataType) {
        return new TokenEmbeddingRuntime(conf, dataType);
    }

    public int getVocabSize() { return vocabSize; }
    public void setVocabSize(int vocabSize) { this.vocabSize = vocabSize; }
    public boolean isTied() { return tied; }
    public void setTied(boolean tied) { this.tied = tied; }
}
