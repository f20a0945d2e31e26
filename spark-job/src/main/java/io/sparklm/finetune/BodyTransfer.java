package io.sparklm.finetune;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Copies the parameters of a pre-trained language model into a classifier with the same body, by parameter name
 * (both graphs name their vertices as {@link io.sparklm.model.TransformerModel} does): every body parameter must
 * be in the source with the same shape, except the learned position table, of which the first {@code maxLength}
 * rows are taken. Head parameters the source lacks keep their random initialisation; the source's LM, MLM and NSP
 * head parameters are not used (the NSP pooler {@code pool} is reused by a cls-pooling classifier).
 */
public final class BodyTransfer {
    /** What was copied, what stayed newly initialised, and what of the source was left out (parameter names). */
    public record Report(List<String> copied, List<String> fresh, List<String> unused) {
        /** One line for the console. */
        public String summary() {
            return copied.size() + " tensors from the checkpoint; new: " + fresh + "; not used: " + unused;
        }
    }

    private BodyTransfer() {}

    /** Copies {@code from}'s parameters into {@code to}; throws IllegalArgumentException naming a mismatch. */
    public static Report copy(ComputationGraph from, ComputationGraph to) {
        Map<String, INDArray> src = from.paramTable();
        Map<String, INDArray> dst = to.paramTable();
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : dst.entrySet()) {
            String name = e.getKey();
            INDArray target = e.getValue();
            INDArray source = src.get(name);
            if (source == null) {
                if (!isHead(name)) {
                    throw new IllegalArgumentException("the checkpoint has no body parameter " + name
                            + " (not a sparklm language model of this architecture)");
                }
                fresh.add(name);
                continue;
            }
            if (Arrays.equals(source.shape(), target.shape())) {
                target.assign(source);
            } else if (name.equals("pos_pos") && source.rank() == 2 && source.size(1) == target.size(1)
                    && source.size(0) >= target.size(0)) {
                target.assign(source.get(NDArrayIndex.interval(0, target.size(0)), NDArrayIndex.all()));
            } else {
                throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(source.shape())
                        + " in the checkpoint, the classifier needs " + Arrays.toString(target.shape()));
            }
            copied.add(name);
        }
        TreeSet<String> unused = new TreeSet<>(src.keySet());
        unused.removeAll(dst.keySet());
        return new Report(copied, fresh, new ArrayList<>(unused));
    }

    /** Parameters of the classification head (pooler and output layer). */
    static boolean isHead(String name) {
        return name.startsWith(ClassifierModel.POOL + "_") || name.startsWith(ClassifierModel.OUT + "_");
    }
}
