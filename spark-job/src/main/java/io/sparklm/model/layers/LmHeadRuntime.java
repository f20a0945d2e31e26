package io.sparklm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link LmHeadLayer}: DL4J's SameDiff output layer has no label-mask input, so for score and backprop
 * the sparse labels {@code [B, 1, T]} and the label mask {@code [B, T]} (or none: every position counts) become
 * one {@code [B*T, 2]} placeholder of (label id, weight) rows, in the row order of the head ({@code b*T + t});
 * weight 1 where the mask is > 0, else 0 (as {@code Evaluation} counts positions).
 */
public class LmHeadRuntime extends SameDiffOutputLayer {
    public LmHeadRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** (label, weight) rows from sparse labels {@code [B, 1, T]} and a mask {@code [B, T]} (null = all 1). */
    static INDArray labelRows(INDArray labels, INDArray mask, DataType dt) {
        if (labels.rank() != 3 || labels.size(1) != 1) {
            throw new IllegalArgumentException("LM head labels must be sparse ids [B, 1, T], got "
                    + java.util.Arrays.toString(labels.shape()));
        }
        long n = labels.size(0) * labels.size(2);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray rows = Nd4j.createUninitialized(dt, n, 2);
            rows.getColumn(0).assign(labels.castTo(dt).reshape('c', new long[]{n}));
            if (mask == null) {
                rows.getColumn(1).assign(1.0);
            } else if (mask.length() != n) {
                throw new IllegalArgumentException("LM head label mask has " + mask.length() + " entries for "
                        + n + " positions");
            } else {
                rows.getColumn(1).assign(mask.reshape('c', new long[]{n}).gt(0).castTo(dt));
            }
            return rows;
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray raw = labels;
        labels = null;                       // the placeholder shape is fixed at first use: never from raw labels
        try {
            return super.activate(training, workspaceMgr);
        } finally {
            labels = raw;
        }
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray raw = labels;
        labels = labelRows(raw, maskArray, dataType);
        try {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            labels = raw;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray raw = labels;
        labels = labelRows(raw, maskArray, dataType);
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            labels = raw;
        }
    }
}
