package io.sparklm.model.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff building blocks shared by the transformer layers, written from elementary ops so their semantics are
 * exact and match the reference (PyTorch) implementation: LayerNorm over the last axis (biased variance, eps inside
 * the sqrt) and tanh-approximated GELU (GPT-2 / {@code gelu(approximate="tanh")}). (The DL4J 1.0.0-M2.1
 * SameDiffLayer gradient correction is in {@link SdTransformerLayer}'s runtime.) (ND4J's fused layer_norm +
 * PreciseGELU were measured ~1.5x faster on a tiny model but differ from PyTorch by ~1% in probabilities and fail
 * the finite-difference check at ~1e-3: kept elementary until a fused version passes ReferenceCheckTest and
 * GradientCheckTest.)
 */
public final class SdOps {
    private SdOps() {}

    /** LayerNorm of a 2-d {@code [N, d]} input over axis 1: {@code (x - mean) / sqrt(var + eps) * gain + bias}. */
    public static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias, double eps) {
        SDVariable mean = sd.mean(x, true, 1);
        SDVariable centered = x.sub(mean);
        SDVariable var = sd.mean(centered.mul(centered), true, 1);
        SDVariable inv = sd.math.rsqrt(var.add(eps));
        return centered.mul(inv).mul(gain).add(bias);
    }

    /** GELU, tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable cube = x.mul(x).mul(x);
        SDVariable inner = x.add(cube.mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
    }
}
