package io.sparklm.model.runtime;

import io.sparklm.model.layers.LayerNormLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link LayerNormLayer} on rows (see {@link RowsRuntime}); training keeps xhat and rstd. */
public final class LayerNormRuntime extends RowsRuntime {
    public LayerNormRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray forwardRows(INDArray x, long b, long t) {
        return layerNorm(x, temp(x.dataType(), x.size(0), x.size(1)));
    }

    @Override
    protected INDArray backwardRows(INDArray dOut, long b, long t) {
        return layerNormBackward(dOut);
    }
}
