package io.sparklm.train.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Bulk access to flat ND4J float arrays as Java buffers, without temporary copies. */
public final class FloatArrays {
    private FloatArrays() {}

    /** True when {@code a} is a contiguous C-order float array starting at its buffer's offset 0. */
    public static boolean flat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.offset() == 0 && a.elementWiseStride() == 1 && a.ordering() == 'c';
    }

    /** The values of a {@link #flat} array as a native-order buffer over its memory (no copy). */
    public static FloatBuffer floats(INDArray a) {
        if (!flat(a)) {
            throw new IllegalArgumentException("expected a contiguous float array at offset 0");
        }
        FloatBuffer f = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        f.limit((int) a.length());
        return f;
    }

    /** Copies {@code src} into {@code target} ({@code src.length} values, C order; in place, bulk for a flat array). */
    public static void copyInto(INDArray target, float[] src) {
        if (target.length() != src.length) {
            throw new IllegalArgumentException("copying " + src.length + " values into an array of " + target.length());
        }
        if (flat(target)) {
            floats(target).put(src);
        } else {
            target.assign(Nd4j.createFromArray(src).reshape(target.shape()));
        }
    }
}
