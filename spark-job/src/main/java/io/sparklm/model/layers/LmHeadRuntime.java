package io.sparklm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.DL4JSameDiffMemoryMgr;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runtime of {@link LmHeadLayer}. DL4J's SameDiff output layer has no label-mask input, so for score and backprop
 * the sparse labels {@code [B, 1, T]} and the label mask {@code [B, T]} (or none: every position counts) become
 * one {@code [B*T, 2]} placeholder of (label id, weight) rows, in the row order of the head ({@code b*T + t});
 * weight 1 where the mask is > 0, else 0 (as {@code Evaluation} counts positions). A training step's backprop
 * also returns the loss, and the score DL4J asks for right after it (same input, labels and mask, parameters not
 * yet updated) reuses it instead of running the head's forward GEMM a second time.
 */
public class LmHeadRuntime extends SameDiffOutputLayer {
    private double lossFromBackprop = Double.NaN;
    private Object[] lossKey;

    public LmHeadRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** (label, weight) rows from sparse labels {@code [B, 1, T]} and a mask {@code [B, T]} (null = all 1). */
    static INDArray labelRows(INDArray labels, INDArray mask, DataType dt) {
        if (labels == null || labels.rank() != 3 || labels.size(1) != 1) {
            throw new IllegalArgumentException("LM head labels must be sparse ids [B, 1, T], got "
                    + (labels == null ? "none" : java.util.Arrays.toString(labels.shape())));
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
        Object[] key = lossKey;
        double loss = lossFromBackprop;
        lossKey = null;
        lossFromBackprop = Double.NaN;
        if (training && key != null && key[0] == input && key[1] == labels && key[2] == maskArray) {
            return (loss + fullNetRegTerm) / input.size(0);
        }
        INDArray raw = labels;
        labels = labelRows(raw, maskArray, dataType);
        try {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        } finally {
            labels = raw;
        }
    }

    /** As DL4J's {@code SameDiffOutputLayer.backpropGradient}, with the loss computed in the same execution. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        lossKey = null;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (sameDiff == null) {
                doInit();
            }
            if (sameDiff.getFunction("grad") == null) {
                sameDiff.createGradFunction(INPUT_KEY);
            }
        }
        SameDiff grad = sameDiff.getFunction("grad");
        Map<Long, InferenceSession> sessions = grad.getSessions();
        long thread = Thread.currentThread().getId();
        if (!sessions.containsKey(thread)) {
            sessions.put(thread, SameDiff.getInferenceFactory().create(grad));
        }
        String actGradWs = workspaceMgr.getWorkspaceName(ArrayType.ACTIVATION_GRAD);
        boolean scopedOut = workspaceMgr.isScopedOut(ArrayType.ACTIVATION_GRAD);
        sessions.get(thread).setMmgr(new DL4JSameDiffMemoryMgr(workspaceMgr.getWorkspaceName(ArrayType.BP_WORKING_MEM),
                actGradWs, workspaceMgr.getConfiguration(ArrayType.BP_WORKING_MEM),
                workspaceMgr.getConfiguration(ArrayType.ACTIVATION_GRAD)));

        List<String> wanted = new ArrayList<>(paramTable.keySet());
        wanted.add(INPUT_KEY);
        INDArray rows = labelRows(labels, maskArray, dataType);
        OutAndGrad og = sameDiff.calculateGradientsAndOutputs(Map.of(INPUT_KEY, input, LABELS_KEY, rows),
                List.of(outputKey), wanted);
        Gradient g = new DefaultGradient();
        for (String s : paramTable.keySet()) {
            INDArray dl4jGrad = gradTable.get(s);
            dl4jGrad.assign(og.getGradients().get(s));
            g.gradientForVariable().put(s, dl4jGrad);
        }
        INDArray dLdIn = og.getGradients().get(INPUT_KEY);
        lossFromBackprop = og.getOutputs().get(outputKey).getDouble(0);
        lossKey = new Object[]{input, labels, maskArray};
        sameDiff.clearPlaceholders(true);
        sameDiff.clearOpInputs();
        if (!scopedOut && !dLdIn.data().getParentWorkspace().getId().equals(actGradWs)) {
            dLdIn = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dLdIn);
        } else if (scopedOut && dLdIn.isAttached()) {
            dLdIn = dLdIn.detach();
        }
        return new Pair<>(g, dLdIn);
    }
}
