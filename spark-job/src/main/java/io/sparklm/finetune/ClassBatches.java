package io.sparklm.finetune;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Tokenized examples to a {@link ClassifierModel} MultiDataSet; pure. Features: token ids {@code [B, T]} right-padded
 * with {@code padId} (T = max-length), plus bert's segment ids {@code [B, T]} (1 from each example's segment start
 * to its end); a padding mask {@code [B, T]} (1 = token) on every input. Labels: one-hot {@code [B, C]} with a label
 * mask {@code [B, 1]} that is 0 for unlabelled examples, so a minibatch's predicted-token count is its labelled
 * examples (the trainer's per-token loss is then per example).
 */
public final class ClassBatches {
    private ClassBatches() {}

    /** {@code bert}: the model has a segments input; {@code dtype} "float" or "double". */
    public static MultiDataSet toMultiDataSet(List<Example> examples, boolean bert, int maxLength, int numLabels,
                                              int padId, String dtype) {
        int b = examples.size();
        if (b == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        float[][] tok = new float[b][maxLength];
        float[][] seg = new float[b][maxLength];
        float[][] mask = new float[b][maxLength];
        float[][] lab = new float[b][numLabels];
        float[][] lmask = new float[b][1];
        int pad = Math.max(0, padId);
        for (int r = 0; r < b; r++) {
            Example e = examples.get(r);
            int[] ids = e.ids();
            if (ids.length > maxLength) {
                throw new IllegalArgumentException("example " + r + " has " + ids.length + " tokens, max-length is "
                        + maxLength);
            }
            java.util.Arrays.fill(tok[r], pad);
            for (int i = 0; i < ids.length; i++) {
                tok[r][i] = ids[i];
                mask[r][i] = 1f;
                seg[r][i] = i >= e.segmentStart() ? 1f : 0f;
            }
            if (e.label() >= numLabels) {
                throw new IllegalArgumentException("example " + r + " has label " + e.label() + " of " + numLabels);
            }
            if (e.label() >= 0) {
                lab[r][e.label()] = 1f;
                lmask[r][0] = 1f;
            }
        }
        DataType dt = dtype.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        INDArray tokens = Nd4j.createFromArray(tok).castTo(dt);
        INDArray fm = Nd4j.createFromArray(mask).castTo(dt);
        INDArray labels = Nd4j.createFromArray(lab).castTo(dt);
        INDArray lm = Nd4j.createFromArray(lmask).castTo(dt);
        if (!bert) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {tokens}, new INDArray[] {labels},
                    new INDArray[] {fm}, new INDArray[] {lm});
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {tokens, Nd4j.createFromArray(seg).castTo(dt)},
                new INDArray[] {labels}, new INDArray[] {fm, fm}, new INDArray[] {lm});
    }
}
