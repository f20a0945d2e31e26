package io.sparklm.batch;

import io.sparklm.model.TransformerModel;
import io.sparklm.model.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Token windows to DL4J MultiDataSets for {@link TransformerModel}; pure (no I/O, no global state).
 * <ul>
 * <li>gpt: input = the window; label at t = token t+1 (the last position has no target, so a window of
 * {@code seqLen} tokens gives {@code seqLen-1} predictions); targets equal to {@code padId} are not predicted;
 * with {@code loss-within-documents}, neither is a target in another document than its input (segment ids from
 * corpus-prep: the document index of each token in the window), so no loss asks to guess a new document.</li>
 * <li>bert: labels from the record (static masking, -1 = not predicted) or, when the record has none, dynamic
 * masking via {@link MaskingSpec} seeded by (seed, step, record index in this batch); segments and a padding
 * feature mask as inputs; NSP label (-1 = none) when the model has the NSP head.</li>
 * </ul>
 * Masks are binary. DL4J's score is then the per-example SUM of token cross-entropies divided by B; use
 * {@link #predictedTokens} to convert to a mean per predicted token ({@code score * B / N}).
 */
public final class Batches {
    private Batches() {}

    /** Shard records (corpus-prep) to a batch; see {@link #toMultiDataSet(int[][], int[][], int[][], int[], ModelConfig, MaskingSpec, long, long)}. */
    public static MultiDataSet toMultiDataSet(java.util.List<io.sparklm.shard.ShardRecord> records, ModelConfig m,
                                              MaskingSpec dynamicMaskingOrNull, long seed, long step) {
        int n = records.size();
        int[][] ids = new int[n][];
        int[][] labels = new int[n][];
        int[][] segs = new int[n][];
        int[] nsp = new int[n];
        for (int i = 0; i < n; i++) {
            io.sparklm.shard.ShardRecord r = records.get(i);
            ids[i] = r.inputIds();
            labels[i] = r.labels();
            segs[i] = r.segmentIds();
            nsp[i] = r.nspLabel();
        }
        return toMultiDataSet(ids, labels, segs, nsp, m, dynamicMaskingOrNull, seed, step);
    }

    /**
     * @param inputIds   B windows of exactly {@code m.seqLen()} ids
     * @param labels     per record null or {@code seqLen} labels (-1 = none); the array itself may be null
     * @param segmentIds per record null or {@code seqLen} segment ids (bert: 0/1); may be null
     * @param nspLabels  per record -1/0/1; may be null
     */
    public static MultiDataSet toMultiDataSet(int[][] inputIds, int[][] labels, int[][] segmentIds, int[] nspLabels,
                                              ModelConfig m, MaskingSpec dynamicMasking, long seed, long step) {
        int b = inputIds.length;
        int t = m.seqLen();
        if (b == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        float[][] tok = new float[b][t];
        float[][] seg = new float[b][t];
        float[][] fmask = new float[b][t];
        float[][][] lab = new float[b][1][t];
        float[][] lmask = new float[b][t];
        long predicted = 0;
        boolean gpt = m.isGpt();
        int pad = m.padId();
        for (int r = 0; r < b; r++) {
            int[] ids = inputIds[r];
            if (ids == null || ids.length != t) {
                throw new IllegalArgumentException("record " + r + " has " + (ids == null ? "no" : ids.length)
                        + " ids, the model expects seq-len " + t);
            }
            int[] recLabels = labels == null ? null : labels[r];
            if (!gpt && recLabels == null) {
                if (dynamicMasking == null) {
                    throw new IllegalArgumentException("record " + r + " has no MLM labels and no dynamic masking");
                }
                ids = ids.clone();
                recLabels = dynamicMasking.apply(ids, seed, step, r);
            }
            for (int i = 0; i < t; i++) {
                int id = ids[i];
                if (id < 0 || id >= m.vocabSize()) {
                    throw new IllegalArgumentException("record " + r + " position " + i + ": id " + id
                            + " outside vocabulary [0, " + m.vocabSize() + ")");
                }
                tok[r][i] = id;
                fmask[r][i] = id == pad ? 0f : 1f;
                if (segmentIds != null && segmentIds[r] != null && !gpt) {
                    seg[r][i] = Math.min(1, Math.max(0, segmentIds[r][i]));
                }
                int target;
                if (gpt) {
                    target = i + 1 < t ? ids[i + 1] : -1;
                    if (target == pad) {
                        target = -1;
                    }
                    if (m.lossWithinDocuments() && target >= 0 && segmentIds != null && segmentIds[r] != null
                            && segmentIds[r][i + 1] != segmentIds[r][i]) {
                        target = -1;
                    }
                } else {
                    target = recLabels[i];
                }
                if (target >= 0 && target < m.vocabSize()) {
                    lab[r][0][i] = target;
                    lmask[r][i] = 1f;
                    predicted++;
                }
            }
        }
        DataType dt = m.dtype().equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        INDArray tokens = Nd4j.createFromArray(tok).castTo(dt);
        INDArray featMask = Nd4j.createFromArray(fmask).castTo(dt);
        INDArray lmLabels = Nd4j.createFromArray(lab).castTo(dt);
        INDArray lmMask = Nd4j.createFromArray(lmask).castTo(dt);
        boolean masked = pad >= 0;
        if (gpt) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{tokens}, new INDArray[]{lmLabels},
                    masked ? new INDArray[]{featMask} : null, new INDArray[]{lmMask});
        }
        INDArray segs = Nd4j.createFromArray(seg).castTo(dt);
        INDArray[] fm = new INDArray[]{featMask, featMask};
        if (!m.nsp()) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{tokens, segs}, new INDArray[]{lmLabels},
                    fm, new INDArray[]{lmMask});
        }
        float[][] nl = new float[b][1];
        float[][] nm = new float[b][1];
        for (int r = 0; r < b; r++) {
            int v = nspLabels == null ? -1 : nspLabels[r];
            if (v == 0 || v == 1) {
                nl[r][0] = v;
                nm[r][0] = 1f;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{tokens, segs},
                new INDArray[]{lmLabels, Nd4j.createFromArray(nl).castTo(dt)}, fm,
                new INDArray[]{lmMask, Nd4j.createFromArray(nm).castTo(dt)});
    }

    /**
     * Number of predicted tokens of output 0: label-mask entries > 0, else examples x time steps (rank-3 labels)
     * or examples. The one count behind every per-token loss (training log, validation, clipping scale).
     */
    /** Examples {@code [from, to)} of {@code mds}: views of its features, labels and masks (first axis). */
    public static MultiDataSet rows(MultiDataSet mds, long from, long to) {
        return new org.nd4j.linalg.dataset.MultiDataSet(slice(mds.getFeatures(), from, to),
                slice(mds.getLabels(), from, to), slice(mds.getFeaturesMaskArrays(), from, to),
                slice(mds.getLabelsMaskArrays(), from, to));
    }

    private static INDArray[] slice(INDArray[] arrays, long from, long to) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] != null) {
                org.nd4j.linalg.indexing.INDArrayIndex[] idx =
                        new org.nd4j.linalg.indexing.INDArrayIndex[arrays[i].rank()];
                idx[0] = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
                for (int d = 1; d < idx.length; d++) {
                    idx[d] = org.nd4j.linalg.indexing.NDArrayIndex.all();
                }
                out[i] = arrays[i].get(idx).dup();
            }
        }
        return out;
    }

    public static long predictedTokens(MultiDataSet mds) {
        INDArray mask = mds.getLabelsMaskArray(0);
        if (mask != null) {
            return mask.gt(0).castTo(DataType.INT64).sumNumber().longValue();
        }
        INDArray labels = mds.getLabels(0);
        return labels.rank() == 3 ? labels.size(0) * labels.size(2) : labels.size(0);
    }
}
