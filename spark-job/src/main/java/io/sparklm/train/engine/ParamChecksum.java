package io.sparklm.train.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** CRC-32C of a parameter vector's float values (little-endian bytes), read in place when the array allows it. */
public final class ParamChecksum {
    private ParamChecksum() {}

    public static long of(INDArray params) {
        CRC32C crc = new CRC32C();
        if (params.dataType() == DataType.FLOAT && params.isVector() && params.elementWiseStride() == 1) {
            ByteBuffer all = params.data().asNio().order(ByteOrder.nativeOrder());
            int from = (int) (params.offset() * 4);
            if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && all.capacity() - from >= params.length() * 4) {
                crc.update(all.duplicate().position(from).limit(from + (int) (params.length() * 4)));
                return crc.getValue();
            }
        }
        float[] v = params.toFloatVector();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        crc.update(b);
        return crc.getValue();
    }
}
