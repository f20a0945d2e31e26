package io.sparklm.model.runtime;

import io.sparklm.model.kernels.GemmOps;
import io.sparklm.model.kernels.LayerKernels;
import io.sparklm.model.kernels.ScratchArrays;
import io.sparklm.model.layers.LmHeadLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link LmHeadLayer}, computed directly with ND4J ops instead of executing the layer's SameDiff graph
 * (same math): ND4J 1.0.0-M2.1's fused {@code sparse_softmax_cross_entropy_loss_with_logits} took ~4x the time
 * of the head's forward GEMM (profile in docs/performance.md), and SameDiff would also run the head forward twice
 * per training step (backprop, then DL4J's score). Here: rows {@code [B*T, d]} (one permute copy), logits = one
 * GEMM, then bias and softmax in place over the contiguous last axis in one pass. Training and scoring gather the
 * predicted rows first (label-mask entry > 0; all rows when there is no mask), so for BERT's MLM (~15% predicted)
 * the head's GEMMs and softmax shrink accordingly; the loss reads {@code p[r, y_r]} and the logit gradient is the
 * same array with 1 subtracted there ({@code softmax - onehot}); rows without a target get a zero gradient. Labels
 * {@code [B, 1, T]} ids. The training score DL4J asks for right after backprop (same input, labels and mask;
 * parameters not yet updated) reuses the loss of that backprop.
 */
public class LmHeadRuntime extends SameDiffOutputLayer {
    private final ScratchArrays scratch = new ScratchArrays();
    private double lossFromBackprop = Double.NaN;
    private Object[] lossKey;
    private final LayerKernels kernels = new LayerKernels();
    private TokenEmbeddingRuntime tiedTo;

    public LmHeadRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Projects with {@code embedding}'s table (transposed) instead of an own W; see {@link TiedEmbedding}. */
    public void tie(TokenEmbeddingRuntime embedding) {
        this.tiedTo = embedding;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray p = probabilities(rows(mgr, ArrayType.FF_WORKING_MEM), mgr, ArrayType.ACTIVATIONS);
        return p.reshape('c', input.size(0), input.size(2), p.size(1));                     // [B, T, V]
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        Object[] key = lossKey;
        double loss = lossFromBackprop;
        lossKey = null;
        if (!(training && key != null && key[0] == input && key[1] == labels && key[2] == maskArray)) {
            INDArray rows = rows(mgr, ArrayType.FF_WORKING_MEM);
            int[] pos = predictedPositions(rows.size(0));
            loss = 0;
            if (pos.length > 0) {
                INDArray p = probabilities(pos.length == rows.size(0) ? rows : Nd4j.pullRows(rows, 1, pos), mgr,
                        ArrayType.FF_WORKING_MEM);
                loss = crossEntropy(p, pos, false);
            }
        }
        // per-example loss plus the whole network's penalty, as DL4J's BaseOutputLayer (its SameDiffOutputLayer
        // divides the penalty by B too): every graph's score is then data + penalty, what LossMath.dataScore undoes
        return loss / input.size(0) + fullNetRegTerm;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        lossKey = null;
        INDArray rows = rows(mgr, ArrayType.BP_WORKING_MEM);                                 // [N, d]
        long n = rows.size(0);
        int[] pos = predictedPositions(n);
        // the projection's gradient [d, V]: the head's own W, or the tied table's [V, d] gradient seen transposed
        INDArray dW = tiedTo != null ? tiedTo.tableGradient().transpose() : gradTable.get("W");
        INDArray db = gradTable == null ? null : gradTable.get("b"); // a tied head without bias has no params
        INDArray dRows;                                                                      // [N, d]
        if (pos.length == 0) {
            lossFromBackprop = 0;
            dW.assign(0);
            if (db != null) {
                db.assign(0);
            }
            dRows = mgr.create(ArrayType.BP_WORKING_MEM, rows.dataType(), rows.shape(), 'c');
        } else {
            boolean all = pos.length == n;
            INDArray x = all ? rows : Nd4j.pullRows(rows, 1, pos);                          // [P, d]
            INDArray dz = probabilities(x, mgr, ArrayType.BP_WORKING_MEM);                  // [P, V]
            lossFromBackprop = crossEntropy(dz, pos, true);                                 // dz = dL/dlogits
            GemmOps.weightGradient(x, dz, dW, scratch);
            if (db != null) {
                GemmOps.columnSums(dz, db, 1.0, scratch);
            }
            INDArray dx = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dz.dataType(), x.shape(), 'c');
            if (tiedTo != null) {
                Nd4j.gemm(dz, tiedTo.table(), dx, false, false, 1.0, 0.0);                 // dz [P, V] . E [V, d]
            } else {
                Nd4j.gemm(dz, paramTable.get("W"), dx, false, true, 1.0, 0.0);
            }
            if (all) {
                dRows = dx;
            } else {                                                // scatter the predicted rows back, 0 elsewhere
                dRows = mgr.create(ArrayType.BP_WORKING_MEM, rows.dataType(), rows.shape(), 'c');
                Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, dRows, Nd4j.createFromArray(pos), dx, 1);
            }
        }
        long b = input.size(0);
        long d = input.size(1);
        long t = input.size(2);
        INDArray dIn = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, rows.dataType(), new long[]{b, d, t}, 'c');
        dIn.assign(dRows.reshape('c', b, t, d).permute(0, 2, 1));
        if (tiedTo != null) {
            tiedTo.headWroteGradient(); // the embedding's backward (after this one) adds its part
        }
        Gradient g = new DefaultGradient();
        if (tiedTo == null) {
            g.gradientForVariable().put("W", dW);
        }
        if (db != null) {
            g.gradientForVariable().put("b", db);
        }
        lossKey = new Object[]{input, labels, maskArray};
        return new Pair<>(g, dIn);
    }

    /**
     * Positions (row indices b*T + t) whose label-mask entry is > 0, in order; all {@code n} when there is no mask.
     * Only these rows enter the head's GEMMs and softmax in training and scoring (for BERT's MLM ~15%).
     */
    private int[] predictedPositions(long n) {
        if (maskArray == null) {
            return java.util.stream.IntStream.range(0, (int) n).toArray();
        }
        double[] use = maskArray.dup('c').reshape('c', new long[]{maskArray.length()}).toDoubleVector();
        if (use.length != n) {
            throw new IllegalArgumentException("LM head label mask has " + use.length + " entries for " + n
                    + " positions");
        }
        return java.util.stream.IntStream.range(0, use.length).filter(i -> use[i] > 0).toArray();
    }

    /** The input {@code [B, d, T]} as contiguous rows {@code [B*T, d]} (row b*T + t). */
    private INDArray rows(LayerWorkspaceMgr mgr, ArrayType type) {
        long b = input.size(0);
        long d = input.size(1);
        long t = input.size(2);
        INDArray r = mgr.createUninitialized(type, input.dataType(), new long[]{b, t, d}, 'c');
        r.assign(input.permute(0, 2, 1));
        return r.reshape('c', b * t, d);
    }

    /**
     * {@code softmax(rows W + b)}: one GEMM (with the tied table {@code E [V, d]}: {@code rows E^T}), then the bias
     * add and softmax in one pass per row.
     */
    private INDArray probabilities(INDArray rows, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray e = tiedTo != null ? tiedTo.table() : null;
        INDArray w = e != null ? null : paramTable.get("W");
        long v = e != null ? e.size(0) : w.size(1);
        INDArray z = mgr.createUninitialized(type, rows.dataType(), new long[]{rows.size(0), v}, 'c');
        if (e != null) {
            Nd4j.gemm(rows, e, z, false, true, 1.0, 0.0);
        } else {
            Nd4j.gemm(rows, w, z, false, false, 1.0, 0.0);
        }
        INDArray b = paramTable == null ? null : paramTable.get("b");
        if (b != null) {
            kernels.get(z.dataType()).biasSoftmax(z, b);
        } else {
            kernels.get(z.dataType()).softmax(z, 1.0, false);
        }
        return z;
    }

    /**
     * Sum over the rows of the probabilities {@code p [P, V]} (row r = position {@code pos[r]}) of
     * {@code -log p[r, y]}; with {@code toGradient}, turns p into {@code dL/dlogits} in place (minus 1 at the target).
     */
    private double crossEntropy(INDArray p, int[] pos, boolean toGradient) {
        if (labels == null || labels.rank() != 3 || labels.size(1) != 1) {
            throw new IllegalArgumentException("LM head labels must be sparse ids [B, 1, T], got "
                    + (labels == null ? "none" : java.util.Arrays.toString(labels.shape())));
        }
        long v = p.size(1);
        double[] y = labels.dup('c').reshape('c', new long[]{labels.length()}).toDoubleVector();
        DataBuffer buf = p.data();
        long off = p.offset();
        double loss = 0;
        for (int r = 0; r < pos.length; r++) {
            int target = (int) y[pos[r]];
            if (target < 0 || target >= v) {
                throw new IllegalArgumentException("label " + target + " at position " + pos[r] + " outside [0, " + v
                        + ")");
            }
            long k = off + r * v + target;
            double pk = buf.getDouble(k);
            loss -= Math.log(Math.max(pk, Float.MIN_VALUE));
            if (toGradient) {
                buf.put(k, pk - 1.0);
            }
        }
        return loss;
    }
}
