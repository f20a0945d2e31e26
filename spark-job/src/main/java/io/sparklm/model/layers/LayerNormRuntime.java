package io.sparklm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link LayerNormLayer} on rows (see {@link RowsRuntime}); training keeps xhat and rstd. */
final class LayerNormRuntime extends RowsRuntime {
    LayerNormRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray forwardRows(INDArray x, long b, long t) {
        DataType dt = x.dataType();
        long n = x.size(0);
        long d = x.size(1);
        INDArray y = temp(dt, n, d);
        LayerNormRows.forward(x, paramTable.get("lnG"), paramTable.get("lnB"),
                ((LayerNormLayer) layerConf()).getLayerNormEps(), kept("xhat", dt, n, d),
                kept("rstd", dt, n, 1), y, scratch);
        return y;
    }

    @Override
    protected INDArray backwardRows(INDArray dOut, long b, long t) {
        DataType dt = dOut.dataType();
        long n = dOut.size(0);
        long d = dOut.size(1);
        INDArray dx = temp(dt, n, d);
        LayerNormRows.backward(dOut, kept("xhat", dt, n, d), kept("rstd", dt, n, 1),
                paramTable.get("lnG"), dx, gradTable.get("lnG"), gradTable.get("lnB"), scratch);
        return dx;
    }
}
