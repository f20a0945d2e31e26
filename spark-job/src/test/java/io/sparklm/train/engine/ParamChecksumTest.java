package io.sparklm.train.engine;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The in-place checksum equals the CRC-32C of the values' little-endian bytes, for views and copies alike. */
class ParamChecksumTest {
    static long reference(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    @Test
    void checksumIsThatOfTheValuesWhereverTheyLive() {
        INDArray all = Nd4j.rand(DataType.FLOAT, 1, 1000);
        INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(100, 400));
        assertEquals(reference(all.toFloatVector()), ParamChecksum.of(all));
        assertEquals(reference(view.toFloatVector()), ParamChecksum.of(view));
        assertEquals(ParamChecksum.of(view), ParamChecksum.of(view.dup()));
        INDArray changed = all.dup();
        changed.putScalar(0, 999, changed.getFloat(0, 999) + 1e-3f);
        assertNotEquals(ParamChecksum.of(all), ParamChecksum.of(changed));
        assertEquals(reference(all.reshape(1000).toFloatVector()), ParamChecksum.of(all.reshape(1000)));
    }
}
