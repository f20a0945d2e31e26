package io.sparklm.export;

import java.util.Arrays;

/**
 * One tensor of a safetensors file as float32 values in row-major ('c') order; {@code shape} in elements, its
 * product equals {@code data.length} (a scalar has shape {@code []} and one value).
 */
public record SafeTensor(String name, long[] shape, float[] data) implements TensorSource {
    public SafeTensor {
        if (name == null || name.isEmpty() || name.equals(Safetensors.METADATA)) {
            throw new IllegalArgumentException("bad tensor name '" + name + "'");
        }
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
    }

    @Override
    public float[] values() {
        return data;
    }

    /** The shape as a readable string, e.g. {@code [768, 2304]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name + shapeString();
    }
}
