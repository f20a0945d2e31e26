package io.sparklm.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's DropoutLayer for [B, d, T] sequence activations with a [B, T] padding mask: DL4J's own layer multiplies
 * the mask in as a column vector, which only fits [B, d], and throws on every padded batch in training (every
 * bert batch). Here the mask only passes through to the next layers, as when dropout is 0 and there is no layer:
 * padded positions are never read by attention (key mask) or the loss (label mask).
 */
public class SequenceDropoutLayer extends DropoutLayer {
    /** For Jackson. */
    public SequenceDropoutLayer() {}

    /** {@code dropout} applied to activations of width {@code width} (d_model). */
    public SequenceDropoutLayer(IDropout dropout, long width) {
        super(dropout);
        setNIn(width);
        setNOut(width);
    }

    @Override
    public SequenceDropoutLayer clone() {
        return (SequenceDropoutLayer) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        Impl ret = new Impl(conf, dataType);
        ret.setListeners(listeners);
        ret.setIndex(index);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    /** The runtime layer: DL4J's, with a rank-3 input's feature mask hidden from its column-vector multiply. */
    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray m = maskArray;
            if (input != null && input.rank() == 3) {
                maskArray = null;
            }
            try {
                return super.activate(training, workspaceMgr);
            } finally {
                maskArray = m;
            }
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            INDArray m = maskArray;
            if (epsilon.rank() == 3) {
                maskArray = null;
            }
            try {
                return super.backpropGradient(epsilon, workspaceMgr);
            } finally {
                maskArray = m;
            }
        }
    }
}
