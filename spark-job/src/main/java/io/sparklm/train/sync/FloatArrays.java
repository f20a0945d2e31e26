package io.sparklm.train.sync;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;

/** Bulk copy of a Java {@code float[]} (what a broadcast carries) into an ND4J array, without a temporary copy. */
final class FloatArrays {
    private FloatArrays() {}

    /** Copies {@code src} into {@code target} ({@code src.length} values, C order; in place, bulk for a flat float array). */
    static void copyInto(INDArray target, float[] src) {
        if (target.length() != src.length) {
            throw new IllegalArgumentException("copying " + src.length + " values into an array of " + target.length());
        }
        if (target.dataType() == DataType.FLOAT && target.offset() == 0 && target.elementWiseStride() == 1
                && target.ordering() == 'c') {
            target.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(src);
        } else {
            target.assign(Nd4j.createFromArray(src).reshape(target.shape()));
        }
    }
}
