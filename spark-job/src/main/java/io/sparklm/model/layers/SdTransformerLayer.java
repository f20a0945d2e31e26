package io.sparklm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Common settings of the SameDiff transformer layers. Activations are DL4J recurrent layout {@code [B, d, T]}
 * with a fixed {@code T = seqLength} (DL4J fixes a SameDiffLayer's input shape at first use). Fields are plain
 * bean properties (no {@code dModel}-style names) so the layer survives DL4J's JSON round trip.
 */
public abstract class SdTransformerLayer extends SameDiffLayer {
    protected int modelDim;
    protected int seqLength;
    protected double initStd = 0.02;
    protected double layerNormEps = 1e-5;
    protected boolean correctGradient = true;

    protected SdTransformerLayer() {}

    /** Fills {@code a} with N(0, std^2) from ND4J's (seeded) global RNG. */
    protected static void normal(INDArray a, double std) {
        a.assign(Nd4j.randn(a.dataType(), a.shape()).muli(std));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(modelDim, seqLength);
    }

    public int getModelDim() { return modelDim; }
    public void setModelDim(int modelDim) { this.modelDim = modelDim; }
    public int getSeqLength() { return seqLength; }
    public void setSeqLength(int seqLength) { this.seqLength = seqLength; }
    public double getInitStd() { return initStd; }
    public void setInitStd(double initStd) { this.initStd = initStd; }
    public double getLayerNormEps() { return layerNormEps; }
    public void setLayerNormEps(double layerNormEps) { this.layerNormEps = layerNormEps; }
    public boolean isCorrectGradient() { return correctGradient; }
    public void setCorrectGradient(boolean correctGradient) { this.correctGradient = correctGradient; }

    /** {@code [B, d, T]} to {@code [B*T, d]}. */
    protected org.nd4j.autodiff.samediff.SDVariable toRows(org.nd4j.autodiff.samediff.SameDiff sd,
                                                          org.nd4j.autodiff.samediff.SDVariable x) {
        return sd.reshape(sd.permute(x, 0, 2, 1), -1, modelDim);
    }

    /** {@code [B*T, d]} to {@code [B, d, T]}. */
    protected org.nd4j.autodiff.samediff.SDVariable toSeq(org.nd4j.autodiff.samediff.SameDiff sd,
                                                         org.nd4j.autodiff.samediff.SDVariable rows) {
        return sd.permute(sd.reshape(rows, -1, seqLength, modelDim), 0, 2, 1);
    }
}
