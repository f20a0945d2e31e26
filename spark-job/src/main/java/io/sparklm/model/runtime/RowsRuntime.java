package io.sparklm.model.runtime;

import io.sparklm.model.kernels.LayerKernels;
import io.sparklm.model.kernels.RowKernels;
import io.sparklm.model.kernels.ScratchArrays;
import io.sparklm.model.layers.SdTransformerLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base runtime of the transformer layers that compute directly with ND4J ops on rows {@code [B*T, d]} instead of
 * executing their SameDiff definition: DL4J 1.0.0-M2.1's SameDiffLayer runs the whole forward graph again inside
 * backprop ({@code calculateGradients}) and returns twice the true gradient; here a training-mode forward keeps
 * what the backward needs ({@link #kept}: {@link ScratchArrays}, reused from step to step, like the activations
 * PyTorch's autograd keeps), so each forward op runs once per step and the gradient is exact. Temporaries
 * ({@link #temp}) and, in inference, everything else live in DL4J's per-layer working-memory workspaces. Backprop
 * for an input other than the last training-mode forward's (never in DL4J's fit) recomputes the forward first
 * ({@link #recomputedForwards}). The layer's SameDiff definition stays the reference the runtimes are tested
 * against ({@code RowsRuntimeTest}).
 */
public abstract class RowsRuntime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
    protected final ScratchArrays scratch = new ScratchArrays();
    private INDArray cachedInput;
    private long recomputedForwards;
    private LayerWorkspaceMgr mgr;
    private ArrayType working;
    private boolean keeping;
    private final LayerKernels kernels = new LayerKernels();

    RowsRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Forward on rows {@code x [N, d]} (a scratch copy: may be overwritten); returns the output rows. */
    protected abstract INDArray forwardRows(INDArray x, long batch, long seqLen);

    /**
     * Backward from output-row gradients {@code dOut [N, d]} (may be overwritten) after a {@link #forwardRows} of
     * the same input: fills {@code gradTable} and returns the input-row gradients.
     */
    protected abstract INDArray backwardRows(INDArray dOut, long batch, long seqLen);

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        use(mgr, ArrayType.FF_WORKING_MEM, training);
        INDArray out = forwardRows(rows(input), input.size(0), input.size(2));
        cachedInput = training ? input : null;
        return toSeq(out, mgr, ArrayType.ACTIVATIONS);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        use(mgr, ArrayType.BP_WORKING_MEM, true);
        if (cachedInput != input) {
            forwardRows(rows(input), input.size(0), input.size(2));
            recomputedForwards++;
        }
        cachedInput = null;
        INDArray dIn = backwardRows(rows(epsilon), input.size(0), input.size(2));
        Gradient g = new DefaultGradient();
        for (String name : paramTable.keySet()) {
            g.gradientForVariable().put(name, gradTable.get(name));
        }
        return new Pair<>(g, toSeq(dIn, mgr, ArrayType.ACTIVATION_GRAD));
    }

    /** Backprops that had to recompute their forward (0 in DL4J's fit: the forward of the step is reused). */
    long recomputedForwards() {
        return recomputedForwards;
    }

    /** Bytes this layer keeps between calls. */
    long scratchBytes() {
        return scratch.bytes();
    }

    private void use(LayerWorkspaceMgr mgr, ArrayType working, boolean keeping) {
        this.mgr = mgr;
        this.working = working;
        this.keeping = keeping;
    }

    /**
     * An array the backward needs from the forward (training: kept in {@link ScratchArrays} under {@code name};
     * inference: a temporary). The backward gets the same array back by name and shape.
     */
    protected INDArray kept(String name, DataType type, long... shape) {
        return keeping ? scratch.get(name, type, shape) : temp(type, shape);
    }

    /**
     * This layer's LayerNorm ({@code lnG}, {@code lnB}, its eps) of rows {@code x}, written into {@code y}; keeps
     * xhat and 1/std for {@link #layerNormBackward}. Returns {@code y}.
     */
    protected INDArray layerNorm(INDArray x, INDArray y) {
        DataType dt = x.dataType();
        long n = x.size(0);
        long d = x.size(1);
        kernels(dt).layerNormForward(x, paramTable.get("lnG"), paramTable.get("lnB"),
                ((SdTransformerLayer) layerConf()).getLayerNormEps(), kept("xhat", dt, n, d), kept("rstd", dt, n, 1),
                y, scratch);
        return y;
    }

    /**
     * The branch input: {@link #layerNorm} of {@code x} into {@code y} for a pre-LN layer, else a copy of {@code x}
     * (kept as {@code y} for the weight gradients). Returns {@code y}.
     */
    protected INDArray normIn(INDArray x, INDArray y) {
        return ((SdTransformerLayer) layerConf()).isPreNorm() ? layerNorm(x, y) : y.assign(x);
    }

    /** Backward of {@link #normIn}: the input gradients from {@code dy} (overwritten, or returned as is). */
    protected INDArray normInBackward(INDArray dy) {
        return ((SdTransformerLayer) layerConf()).isPreNorm() ? layerNormBackward(dy) : dy;
    }

    /**
     * Backward of {@link #layerNorm} from output gradients {@code dy} (overwritten): fills the lnG/lnB gradients and
     * returns the input gradients (a temporary).
     */
    protected INDArray layerNormBackward(INDArray dy) {
        DataType dt = dy.dataType();
        long n = dy.size(0);
        long d = dy.size(1);
        INDArray dx = temp(dt, n, d);
        kernels(dt).layerNormBackward(dy, kept("xhat", dt, n, d), kept("rstd", dt, n, 1), paramTable.get("lnG"), dx,
                gradTable.get("lnG"), gradTable.get("lnB"), scratch);
        return dx;
    }

    /** This layer's {@link RowKernels} for arrays of {@code type} ({@link LayerKernels}). */
    protected RowKernels kernels(DataType type) {
        return kernels.get(type);
    }

    /** A temporary {@code 'c'} array in the current call's DL4J working-memory workspace (contents unspecified). */
    protected INDArray temp(DataType type, long... shape) {
        return mgr.createUninitialized(working, type, shape, 'c');
    }

    /** {@code a [B, d, T]} copied into temporary rows {@code [B*T, d]} (row b*T + t). */
    private INDArray rows(INDArray a) {
        long b = a.size(0);
        long d = a.size(1);
        long t = a.size(2);
        INDArray r = temp(a.dataType(), b, t, d);
        r.assign(a.permute(0, 2, 1));
        return r.reshape('c', b * t, d);
    }

    /** Rows {@code [B*T, d']} as a new {@code [B, d', T]} array of workspace type {@code type}. */
    private INDArray toSeq(INDArray rows, LayerWorkspaceMgr mgr, ArrayType type) {
        long b = input.size(0);
        long t = input.size(2);
        long d = rows.size(1);
        INDArray out = mgr.createUninitialized(type, rows.dataType(), new long[]{b, d, t}, 'c');
        out.assign(rows.reshape('c', b, t, d).permute(0, 2, 1));
        return out;
    }
}
