package io.sparklm.prep.read;

import java.util.Arrays;

/** Unsynchronized growable byte array (the readers' record and line buffers). */
final class ByteBuf {
    byte[] data = new byte[256];
    int size;

    void reset() {
        size = 0;
    }

    void write(byte b) {
        if (size == data.length) {
            data = Arrays.copyOf(data, size * 2);
        }
        data[size++] = b;
    }

    void write(byte[] b, int off, int n) {
        if (size + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + n));
        }
        System.arraycopy(b, off, data, size, n);
        size += n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }
}
