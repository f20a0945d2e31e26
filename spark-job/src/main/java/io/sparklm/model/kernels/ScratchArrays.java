package io.sparklm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Named arrays owned by one layer instance, detached from DL4J workspaces and reused from call to call while their
 * shape and type stay the same: what a layer's forward pass keeps for its backward pass, and its temporaries, with
 * no allocation per step. Contents are unspecified when handed out. Not thread safe (one network per thread, as
 * DL4J itself requires).
 */
public final class ScratchArrays {
    private final Map<String, INDArray> arrays = new HashMap<>();

    /** The array named {@code name} with {@code shape} ('c' order), reallocated only when shape or type changed. */
    public INDArray get(String name, DataType type, long... shape) {
        return get(name, type, 'c', shape);
    }

    /** As {@link #get(String, DataType, long...)} in the given order ('c' or 'f'). */
    public INDArray get(String name, DataType type, char order, long... shape) {
        INDArray a = arrays.get(name);
        if (a == null || a.dataType() != type || a.ordering() != order || !Arrays.equals(a.shape(), shape)) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(type, shape, order);
            }
            arrays.put(name, a);
        }
        return a;
    }

    /** A vector of {@code n} entries all equal to {@code value}, kept per (name, type, n). */
    INDArray constant(String name, DataType type, long n, double value) {
        String key = "const:" + name + ":" + value;
        INDArray a = arrays.get(key);
        if (a == null || a.dataType() != type || a.length() != n) {
            a = get(key, type, n);
            a.assign(value);
        }
        return a;
    }

    /** Total bytes held (for tests and diagnostics). */
    public long bytes() {
        return arrays.values().stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }
}
