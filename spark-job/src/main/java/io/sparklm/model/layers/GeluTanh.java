package io.sparklm.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU, tanh approximation (GPT-2, PyTorch {@code gelu(approximate="tanh")}), forward and backward with ND4J array
 * ops: {@code h = 0.5 u (1 + t)}, {@code t = tanh(c (u + a u^3))}, {@code c = sqrt(2/pi)}, {@code a = 0.044715};
 * {@code dh/du = 0.5 (1 + t) + 0.5 u (1 - t^2) c (1 + 3 a u^2)}. The forward leaves {@code t} for the backward.
 */
final class GeluTanh {
    static final double C = Math.sqrt(2.0 / Math.PI);
    static final double A = 0.044715;

    private GeluTanh() {}

    /** Writes {@code t} and {@code h} (both {@code u}'s shape) from {@code u} (not modified). */
    static void forward(INDArray u, INDArray t, INDArray h) {
        t.assign(u).muli(u).muli(u).muli(A).addi(u).muli(C);
        Transforms.tanh(t, false);
        h.assign(t).addi(1.0).muli(u).muli(0.5);
    }

    /** Turns {@code dh} into {@code du} in place, using the forward's {@code u}, {@code t}; {@code tmp} is scratch. */
    static void backward(INDArray dh, INDArray u, INDArray t, INDArray tmp) {
        tmp.assign(u).muli(u).muli(3 * A).addi(1.0).muli(u).muli(0.5 * C);    // 0.5 c u (1 + 3a u^2)
        INDArray oneMinusT2 = t.mul(t).rsubi(1.0);
        tmp.muli(oneMinusT2).addi(t.mul(0.5)).addi(0.5);
        dh.muli(tmp);
    }
}
