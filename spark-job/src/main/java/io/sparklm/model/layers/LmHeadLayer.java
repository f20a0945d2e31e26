package io.sparklm.model.layers;

import io.sparklm.model.runtime.LmHeadRuntime;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * The language-model head on rows: hidden states {@code [B, d, T]} become {@code [B*T, d]} rows, one GEMM gives
 * logits {@code [B*T, V]}, softmax over the contiguous last axis. Output (activations) {@code [B, T, V]}
 * probabilities; score = sum over predicted positions of the cross-entropy, which DL4J divides by B. Labels and
 * label mask are those of {@code Batches} ({@code [B, 1, T]} ids, {@code [B, T]} mask). {@link #defineLayer} is
 * the SameDiff definition DL4J requires; {@link LmHeadRuntime} computes the same directly (faster, see there).
 * No 2x-gradient correction: a SameDiff output layer's gradient is exact ({@code GradientScalingGuardTest}).
 * Params: W [d, V] (init N(0, initStd^2)) unless {@code tied}: then the projection is the transposed table of the
 * graph's tied {@link TokenEmbeddingLayer} ({@link TiedEmbedding}); b [1, V] when {@code bias} (BERT's decoder;
 * GPT-2's head has none).
 */
public class LmHeadLayer extends SameDiffOutputLayer {
    /** Name of the probabilities variable, {@code [B, T, V]}. */
    public static final String PROBS = "probs";

    private int modelDim;
    private int seqLength;
    private int vocabSize;
    private double initStd = 0.02;
    private boolean tied;
    private boolean bias = true;

    public LmHeadLayer() {}

    public LmHeadLayer(int modelDim, int seqLength, int vocabSize, double initStd, boolean tied, boolean bias) {
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.vocabSize = vocabSize;
        this.initStd = initStd;
        this.tied = tied;
        this.bias = bias;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        if (!tied) {
            p.addWeightParam("W", modelDim, vocabSize);
        }
        if (bias) {
            p.addBiasParam("b", 1, vocabSize);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (!tied) {
            SdTransformerLayer.normal(params.get("W"), initStd);
        }
        if (bias) {
            params.get("b").assign(0.0);
        }
    }

    /**
     * The declarative reference of {@link LmHeadRuntime} (which does not execute it; {@code LmHeadLayerTest}
     * checks both agree). {@code labels}: {@code [B*T, 2]} rows of (target id, weight 0/1), row {@code b*T + t}.
     * Inference: {@code probs = softmax(rows W + b)}. Loss: ND4J's fused sparse softmax-CE, whose backprop ignores
     * the incoming gradient (it always returns {@code softmax - onehot} for every row), so positions without a
     * target are removed from the gradient before the op instead of after it: their rows AND their bias input are
     * zeroed ({@code [rows*w, w] · [W; b]}, one GEMM with K = d+1), so their logit gradients meet zeros in
     * {@code dW}, {@code db} and {@code d rows}; their loss is then multiplied by w = 0.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, SDVariable labels, Map<String, SDVariable> p) {
        if (tied) {
            throw new UnsupportedOperationException("a tied LM head runs only directly (LmHeadRuntime)");
        }
        SDVariable rows = sd.reshape(sd.permute(x, 0, 2, 1), -1, modelDim);          // [B*T, d]
        SDVariable logits = rows.mmul(p.get("W"));                                   // [B*T, V]
        if (bias) {
            logits = logits.add(p.get("b"));
        }
        sd.reshape(PROBS, sd.nn.softmax(logits, 1), -1, seqLength, vocabSize);     // [B, T, V]

        SDVariable ids = labels.get(SDIndex.all(), SDIndex.point(0)).castTo(DataType.INT32);  // [B*T]
        SDVariable w = labels.get(SDIndex.all(), SDIndex.interval(1, 2));                     // [B*T, 1], 0/1
        SDVariable in = bias ? sd.concat(1, rows.mul(w), w) : rows.mul(w);                   // [B*T, d(+1)]
        SDVariable wb = bias ? sd.concat(0, p.get("W"), p.get("b")) : p.get("W");             // [d(+1), V]
        SDVariable ce = sd.loss.sparseSoftmaxCrossEntropy(in.mmul(wb), ids);                   // [B*T]
        SDVariable loss = ce.mul(sd.reshape(w, -1)).sum();
        loss.markAsLoss();
        return loss;
    }

    /**
     * Throws when {@code g}'s {@code lmVertex} output is not this layer: checkpoints written before the LM head
     * moved to rows hold a DL4J RnnOutputLayer whose {@code [B, V, T]} output every reader here would misread.
     */
    public static void requireIn(ComputationGraph g, String lmVertex, String what) {
        GraphVertex v = g.getConfiguration().getVertices().get(lmVertex);
        if (v instanceof LayerVertex lv && !(lv.getLayerConf().getLayer() instanceof LmHeadLayer)) {
            throw new IllegalArgumentException(what + " has an old LM head ("
                    + lv.getLayerConf().getLayer().getClass().getSimpleName() + ", output [B, V, T]); this sparklm "
                    + "needs LmHeadLayer (output [B, T, V], same parameters W and b): retrain, or load it with "
                    + "a sparklm from before the LM head change");
        }
    }

    @Override
    public String activationsVertexName() {
        return PROBS;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(vocabSize, seqLength, RNNFormat.NWC);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray paramsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LmHeadRuntime ret = new LmHeadRuntime(conf, networkDataType);
        if (tied) {
            ret.tie(io.sparklm.model.runtime.TiedEmbedding.take());
        }
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    public int getModelDim() { return modelDim; }
    public void setModelDim(int modelDim) { this.modelDim = modelDim; }
    public int getSeqLength() { return seqLength; }
    public void setSeqLength(int seqLength) { this.seqLength = seqLength; }
    public int getVocabSize() { return vocabSize; }
    public void setVocabSize(int vocabSize) { this.vocabSize = vocabSize; }
    public double getInitStd() { return initStd; }
    public void setInitStd(double initStd) { this.initStd = initStd; }
    public boolean isTied() { return tied; }
    public void setTied(boolean tied) { this.tied = tied; }
    public boolean isBias() { return bias; }
    public void setBias(boolean bias) { this.bias = bias; }
}
