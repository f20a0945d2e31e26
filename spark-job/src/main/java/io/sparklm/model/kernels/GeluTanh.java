package io.sparklm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU, tanh approximation (GPT-2, PyTorch {@code gelu(approximate="tanh")}), forward and backward with ND4J array
 * ops, through the identity {@code 0.5 (1 + tanh(z)) = sigmoid(2z)} (ND4J's sigmoid is ~2.5x faster than its
 * tanh): {@code h = u s}, {@code s = sigmoid(2c (u + a u^3))}, {@code c = sqrt(2/pi)}, {@code a = 0.044715};
 * {@code dh/du = s + u s (1 - s) 2c (1 + 3a u^2)}. The forward leaves {@code s} for the backward.
 */
public final class GeluTanh {
    static final double C = Math.sqrt(2.0 / Math.PI);
    static final double A = 0.044715;

    private GeluTanh() {}

    /** Writes {@code s} and {@code h} (both {@code u}'s shape) from {@code u} (not modified). */
    static void forward(INDArray u, INDArray s, INDArray h) {
        Nd4j.exec(new MulOp(u, u, s));
        s.muli(A).addi(1.0).muli(u).muli(2 * C);                                   // 2c (u + a u^3)
        Transforms.sigmoid(s, false);
        Nd4j.exec(new MulOp(u, s, h));
    }

    /** Turns {@code dh} into {@code du} in place, using the forward's {@code u}, {@code s}; {@code tmp} is scratch. */
    static void backward(INDArray dh, INDArray u, INDArray s, INDArray tmp) {
        Nd4j.exec(new MulOp(u, u, tmp));
        tmp.muli(3 * A).addi(1.0).muli(u).muli(2 * C);                             // 2c u (1 + 3a u^2)
        tmp.muli(s).muli(s.rsub(1.0)).addi(s);
        dh.muli(tmp);
    }
}
