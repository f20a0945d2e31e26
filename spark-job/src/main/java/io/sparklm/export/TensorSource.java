package io.sparklm.export;

/**
 * A float32 tensor to write: its name, shape (elements) and, produced only when written, its row-major values
 * (so a writer holds one tensor's copy at a time).
 */
public interface TensorSource {
    String name();

    long[] shape();

    /** Row-major values; exactly the product of {@link #shape()} of them. */
    float[] values();
}
