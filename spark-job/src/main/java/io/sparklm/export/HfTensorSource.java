package io.sparklm.export;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The HF tensor {@code param} of DL4J parameter {@code value}, converted only when written. */
record HfTensorSource(HfParam param, INDArray value) implements TensorSource {
    @Override
    public String name() {
        return param.hfName();
    }

    @Override
    public long[] shape() {
        return param.hfShape(value);
    }

    @Override
    public float[] values() {
        return param.values(value);
    }
}
