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
 * One vector per sequence from hidden states {@code [B, d, T]} and the padding mask {@code [B, T]} (1 = token,
 * right-padded): {@code mode} "last" takes the last non-padding position (a causal model's summary of the whole
 * text, as GPT-2's sequence classifier does), "mean" the mean over the non-padding positions. Output {@code [B, d]};
 * the sequence mask stops here. No parameters; executed by DL4J's SameDiff runtime (with its gradient correction).
 */
public class SequencePoolLayer extends SdTransformerLayer {
    public static final String LAST = "last";
    public static final String MEAN = "mean";
    private String mode = LAST;

    public SequencePoolLayer() {}

    /** {@code mode}: {@link #LAST} or {@link #MEAN}. */
    public SequencePoolLayer(int modelDim, int seqLength, String mode) {
        if (!LAST.equals(mode) && !MEAN.equals(mode)) {
            throw new IllegalArgumentException("pooling mode must be last or mean, got " + mode);
        }
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.mode = mode;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        // none
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // none
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        int t = seqLength;
        SDVariable weights;                                                            // [B, T]
        if (MEAN.equals(mode)) {
            weights = mask.div(sd.sum(mask, true, 1));
        } else {
            // 1 where the mask steps from 1 to 0 (or at T-1 when unpadded): mask[t] - mask[t+1], mask[T] = 0
            SDVariable next = sd.concat(1, mask.get(SDIndex.all(), SDIndex.interval(1, t)),
                    mask.get(SDIndex.all(), SDIndex.interval(0, 1)).mul(0.0));
            weights = mask.sub(next);
        }
        return sd.sum(x.mul(sd.reshape(weights, -1, 1, t)), 2);                         // [B, d]
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState state, int minibatch) {
        return new Pair<>(null, MaskState.Active);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(modelDim);
    }

    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
}
