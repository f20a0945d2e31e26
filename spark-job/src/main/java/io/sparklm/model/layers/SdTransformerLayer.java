package io.sparklm.model.layers;

import io.sparklm.model.runtime.RowsRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;
import java.util.Map;

/**
 * Common settings of the transformer layers, which are declared as SameDiff layers (parameters and a SameDiff
 * definition) and run either directly ({@link #newRuntime} overridden: blocks, LayerNorm, positions, see
 * {@code RowsRuntime}) or through DL4J's SameDiff execution ({@link #sameDiffRuntime}: the NSP pooler, and the
 * tested reference of the direct runtimes). The SameDiff runtime corrects the DL4J 1.0.0-M2.1 SameDiffLayer
 * gradient bug: such a layer returns exactly twice the true gradient (for its parameters and for the epsilon it
 * passes down, compounding through a stack); the gradient is linear in the incoming epsilon, so the runtime feeds
 * it {@code epsilon / 2} ({@code correctGradient}, default on; no effect on the direct runtimes, which are exact);
 * {@code stopInputGradient} makes it pass no gradient down (the pooling layer over a frozen body).
 * {@code GradientScalingGuardTest} fails if an upgrade changes the bug. Activations are DL4J
 * recurrent layout {@code [B, d, T]} with a fixed {@code T = seqLength} (DL4J fixes a SameDiffLayer's input shape
 * at first use). Fields are plain bean properties (no {@code dModel}-style names) so the layer survives DL4J's JSON
 * round trip.
 */
public abstract class SdTransformerLayer extends SameDiffLayer {
    protected int modelDim;
    protected int seqLength;
    protected double initStd = 0.02;
    protected double layerNormEps = 1e-5;
    protected boolean preNorm = true;
    protected boolean correctGradient = true;
    protected boolean stopInputGradient;

    protected SdTransformerLayer() {}

    /** Fills {@code a} with N(0, std^2) from ND4J's (seeded) global RNG. */
    protected static void normal(INDArray a, double std) {
        a.assign(Nd4j.randn(a.dataType(), a.shape()).muli(std));
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        org.deeplearning4j.nn.layers.samediff.SameDiffLayer ret = newRuntime(conf, networkDataType);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    /**
     * The runtime that computes this layer: by default DL4J's SameDiff execution of {@link #defineLayer}
     * ({@link #sameDiffRuntime}); the transformer blocks and the final LayerNorm compute directly on rows
     * ({@code RowsRuntime}), keeping the SameDiff definition as their tested reference.
     */
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration conf,
                                                                             DataType dataType) {
        return sameDiffRuntime(conf, dataType);
    }

    /** DL4J's SameDiff execution of {@link #defineLayer}, with the gradient correction when {@code correctGradient}. */
    public static org.deeplearning4j.nn.layers.samediff.SameDiffLayer sameDiffRuntime(NeuralNetConfiguration conf,
                                                                                      DataType dataType) {
        return new Runtime(conf, dataType);
    }

    /** DL4J's SameDiffLayer with the incoming epsilon halved when {@code correctGradient}. */
    static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            SdTransformerLayer c = (SdTransformerLayer) layerConf();
            Pair<Gradient, INDArray> r = super.backpropGradient(c.isCorrectGradient() ? epsilon.mul(0.5) : epsilon,
                    mgr);
            if (c.isStopInputGradient() && r.getSecond() != null) {
                r.getSecond().assign(0.0);
            }
            return r;
        }
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
    /** Branch layers (attention, MLP): LayerNorm their input first (pre-LN) or not (post-LN blocks normalize after the residual). */
    public boolean isPreNorm() { return preNorm; }
    public void setPreNorm(boolean preNorm) { this.preNorm = preNorm; }
    /**
     * SameDiff-executed layers only: pass a zero gradient to the layers below (a classifier head over a frozen
     * body), so the global gradient norm covers only what trains; the layer's own parameters still get theirs.
     */
    public boolean isStopInputGradient() { return stopInputGradient; }
    public void setStopInputGradient(boolean stopInputGradient) { this.stopInputGradient = stopInputGradient; }
    public boolean isCorrectGradient() { return correctGradient; }
    public void setCorrectGradient(boolean correctGradient) { this.correctGradient = correctGradient; }

    /** The branch input in SameDiff: {@code LN(rows)} when {@link #isPreNorm}, else the rows themselves. */
    protected org.nd4j.autodiff.samediff.SDVariable normIn(org.nd4j.autodiff.samediff.SameDiff sd,
                                                          org.nd4j.autodiff.samediff.SDVariable rows,
                                                          Map<String, org.nd4j.autodiff.samediff.SDVariable> p) {
        return preNorm ? SdOps.layerNorm(sd, rows, p.get("lnG"), p.get("lnB"), layerNormEps) : rows;
    }

    /** Adds the branch's input LayerNorm parameters when {@link #isPreNorm}. */
    protected void defineNormParams(org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams p) {
        if (preNorm) {
            p.addBiasParam("lnG", 1, modelDim);
            p.addBiasParam("lnB", 1, modelDim);
        }
    }

    /** Initialises the input LayerNorm (gain 1, bias 0) when present. */
    protected static void initNorm(Map<String, INDArray> params) {
        if (params.containsKey("lnG")) {
            params.get("lnG").assign(1.0);
            params.get("lnB").assign(0.0);
        }
    }

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
