package io.sparklm.model.layers;

import io.sparklm.model.runtime.PositionRuntime;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Adds position information to token embeddings {@code [B, d, T]}: a learned table {@code pos [T, d]}
 * (init N(0, initStd^2)), or the fixed sinusoidal encoding of Vaswani et al. 2017
 * ({@code PE[t,2i] = sin(t / 10000^(2i/d))}, {@code PE[t,2i+1] = cos(...)}) with no parameters.
 */
public class PositionLayer extends SdTransformerLayer {
    private boolean learned = true;

    public PositionLayer() {}

    public PositionLayer(int modelDim, int seqLength, boolean learned, double initStd) {
        this.modelDim = modelDim;
        this.seqLength = seqLength;
        this.learned = learned;
        this.initStd = initStd;
    }

    /** The sinusoidal table {@code [T, d]}. */
    public static double[][] sinusoid(int seqLength, int modelDim) {
        double[][] pe = new double[seqLength][modelDim];
        for (int t = 0; t < seqLength; t++) {
            for (int i = 0; i < modelDim; i += 2) {
                double angle = t / Math.pow(10000.0, (double) i / modelDim);
                pe[t][i] = Math.sin(angle);
                if (i + 1 < modelDim) {
                    pe[t][i + 1] = Math.cos(angle);
                }
            }
        }
        return pe;
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        if (learned) {
            p.addWeightParam("pos", seqLength, modelDim);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (learned) {
            normal(params.get("pos"), initStd);
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable table;
        if (learned) {
            table = sd.transpose(p.get("pos"));                                           // [d, T]
        } else {
            table = sd.constant(Nd4j.create(sinusoid(seqLength, modelDim)).castTo(x.dataType()).transpose().dup());
        }
        return x.add(table);
    }

    public boolean isLearned() { return learned; }
    public void setLearned(boolean learned) { this.learned = learned; }

    /** Computed directly by {@link PositionRuntime}; {@link #defineLayer} is its tested reference. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf, org.nd4j.linalg.api.buffer.DataType dataType) {
        return new PositionRuntime(conf, dataType);
    }
}
