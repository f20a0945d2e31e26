package io.sparklm.train;

import io.sparklm.train.checkpoint.CheckpointReader;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Loads the parameters of a verified sparklm checkpoint directory ({@link
 * io.sparklm.train.checkpoint.CheckpointResolver#resolve}) into a model of the same architecture, by parameter
 * name: both must have exactly the same parameters with the same shapes (an IllegalArgumentException names the
 * first that differs). The optimizer state is not read.
 */
final class CheckpointWeights {
    private CheckpointWeights() {}

    /** Copies the parameters of checkpoint {@code dir} into {@code g}. */
    static void load(FileSystem fs, Path dir, ComputationGraph g) throws IOException {
        Map<String, INDArray> src = CheckpointReader.restoreForInference(fs, dir).paramTable();
        Map<String, INDArray> dst = g.paramTable();
        TreeSet<String> extra = new TreeSet<>(src.keySet());
        extra.removeAll(dst.keySet());
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + dir + " has parameters this model lacks: " + extra
                    + " (another family or head)");
        }
        for (Map.Entry<String, INDArray> e : dst.entrySet()) {
            INDArray source = src.get(e.getKey());
            if (source == null) {
                throw new IllegalArgumentException("checkpoint " + dir + " has no parameter " + e.getKey()
                        + " (another family or head)");
            }
            if (!Arrays.equals(source.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape "
                        + Arrays.toString(source.shape()) + " in checkpoint " + dir + ", this model needs "
                        + Arrays.toString(e.getValue().shape()) + " (d-model, layers, d-ff, vocabulary and seq-len"
                        + " must match)");
            }
            e.getValue().assign(source);
        }
    }
}
