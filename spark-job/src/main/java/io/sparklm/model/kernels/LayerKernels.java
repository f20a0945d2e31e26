package io.sparklm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;

/** One layer's {@link RowKernels}: created on first use, and again only when the data type changes. */
public final class LayerKernels {
    private RowKernels kernels;
    private DataType type;

    /** The kernels for arrays of {@code dataType} ({@link RowKernels#forType}). */
    public RowKernels get(DataType dataType) {
        if (kernels == null || type != dataType) {
            kernels = RowKernels.forType(dataType);
            type = dataType;
        }
        return kernels;
    }
}
