package io.sparklm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise and row-wise kernels of the direct runtimes (softmax, GELU, LayerNorm, forward and backward) on
 * {@code 'c'}-order rows {@code [N, k]}: everything in a step that is not a GEMM. Two implementations, held to the
 * same contract by {@code RowKernelsContractTest}: {@link Nd4jRowKernels} (ND4J array ops, any data type: the
 * reference) and {@code VectorRowKernels} (float only, one pass per row with the JDK Vector API: ND4J 1.0.0-M2.1
 * has no fused kernels for these and its {@code exp} costs ~3-5 ns per element, see docs/performance.md section
 * 4). {@link #forType} picks the vector one for float when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector} (conf/jvm.args) and system property {@code sparklm.kernels} is not
 * {@code nd4j}; instances keep per-instance caches, so each runtime owns one.
 */
public interface RowKernels {
    /** Kernels for arrays of {@code type}: the vector ones for float where available, else ND4J's. */
    static RowKernels forType(DataType type) {
        if (type == DataType.FLOAT && VectorSupport.available()) {
            return VectorSupport.newKernels();
        }
        return new Nd4jRowKernels();
    }

    /** Short name for logs and benchmarks ({@code nd4j} or {@code vector}). */
    String name();

    /**
     * In place, per row of {@code rows [N, k]}: {@code softmax(scale * x)}; with {@code causal} (attention scores,
     * {@code k = T}, row r = query {@code r mod T}) entries after the query position get probability 0, as with
     * the additive {@code -1e9} mask of the SameDiff definition.
     */
    void softmax(INDArray rows, double scale, boolean causal);

    /**
     * In place, per row of {@code rows [N, k]}: {@code softmax(x + bias)} for {@code bias [1, k]}: the LM head's
     * logits bias and softmax in one pass over the {@code [B*T, V]} logits instead of two.
     */
    void biasSoftmax(INDArray rows, INDArray bias);

    /**
     * Softmax backward: {@code dp <- scale * p * (dp - rowsum(p * dp))} for probabilities {@code p [N, k]} (may be
     * overwritten) and their gradients {@code dp [N, k]}.
     */
    void softmaxBackward(INDArray p, INDArray dp, double scale, ScratchArrays scratch);

    /** GELU (tanh form, {@link GeluTanh}): writes {@code s} and {@code h = gelu(u)} from {@code u} (unchanged). */
    void geluForward(INDArray u, INDArray s, INDArray h);

    /** GELU backward: {@code dh} becomes {@code du} in place, from the forward's {@code u}, {@code s}; tmp: scratch. */
    void geluBackward(INDArray dh, INDArray u, INDArray s, INDArray tmp);

    /** LayerNorm forward ({@link LayerNormRows#forward}): writes {@code xhat}, {@code rstd [N, 1]}, {@code y}. */
    void layerNormForward(INDArray x, INDArray gain, INDArray bias, double eps, INDArray xhat, INDArray rstd,
                          INDArray y, ScratchArrays scratch);

    /** LayerNorm backward ({@link LayerNormRows#backward}): {@code dy} overwritten; writes dx, dGain, dBias. */
    void layerNormBackward(INDArray dy, INDArray xhat, INDArray rstd, INDArray gain, INDArray dx, INDArray dGain,
                           INDArray dBias, ScratchArrays scratch);
}
