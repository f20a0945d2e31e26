package io.sparklm.infer;

/**
 * Keys and values of the positions {@code [0, length)} of one context window, per layer, head-major
 * ({@code [heads, capacity, headDim]} floats per layer, so one head's keys are contiguous), as {@link KvForward}
 * computed them. Capacity = the model's seq-len.
 */
final class KvCache {
    private final int heads;
    private final int headDim;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;
    private int length;

    KvCache(int layers, int heads, int headDim, int capacity) {
        this.heads = heads;
        this.headDim = headDim;
        this.capacity = capacity;
        this.keys = new float[layers][heads * capacity * headDim];
        this.values = new float[layers][heads * capacity * headDim];
    }

    /** Positions held. */
    int length() { return length; }

    void setLength(int length) {
        if (length < 0 || length > capacity) {
            throw new IllegalArgumentException("cache length " + length + " outside [0, " + capacity + "]");
        }
        this.length = length;
    }

    float[] keys(int layer) { return keys[layer]; }
    float[] values(int layer) { return values[layer]; }

    /** Offset of (head, position) in a layer's array. */
    int offset(int head, int position) {
        return (head * capacity + position) * headDim;
    }

    /**
     * Stores the keys and values of positions {@code [from, from + m)} of {@code layer} from rows of
     * {@code qkv [m, ld]} (query, key, value blocks of {@code heads * headDim} columns each).
     */
    void put(int layer, int from, float[] qkv, int m, int ld) {
        int d = heads * headDim;
        for (int r = 0; r < m; r++) {
            for (int h = 0; h < heads; h++) {
                int o = offset(h, from + r);
                System.arraycopy(qkv, r * ld + d + h * headDim, keys[layer], o, headDim);
                System.arraycopy(qkv, r * ld + 2 * d + h * headDim, values[layer], o, headDim);
            }
        }
    }

    /** An independent copy (the positions held only). */
    KvCache copy() {
        KvCache c = new KvCache(keys.length, heads, headDim, capacity);
        for (int l = 0; l < keys.length; l++) {
            for (int h = 0; h < heads; h++) {
                int o = offset(h, 0);
                System.arraycopy(keys[l], o, c.keys[l], o, length * headDim);
                System.arraycopy(values[l], o, c.values[l], o, length * headDim);
            }
        }
        c.length = length;
        return c;
    }
}
