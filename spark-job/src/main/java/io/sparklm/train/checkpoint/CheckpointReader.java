package io.sparklm.train.checkpoint;

import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.LmHeadLayer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the model of a checkpoint directory written by {@link CheckpointWriter}. */
public final class CheckpointReader {
    private CheckpointReader() {}

    /**
     * The model with its optimizer state, ready to train on; {@code listeners} are attached (DL4J serializes
     * none). Throws when the checkpoint holds a model this version cannot run.
     */
    public static ComputationGraph restore(FileSystem fs, Path dir, List<TrainingListener> listeners)
            throws IOException {
        ComputationGraph g = read(fs, dir, true);
        g.setListeners(new ArrayList<>(listeners));
        return g;
    }

    /** The model without optimizer state, for inference. */
    public static ComputationGraph restoreForInference(FileSystem fs, Path dir) throws IOException {
        return read(fs, dir, false);
    }

    private static ComputationGraph read(FileSystem fs, Path dir, boolean withUpdater) throws IOException {
        ComputationGraph g;
        try (FSDataInputStream in = fs.open(new Path(dir, CheckpointWriter.MODEL))) {
            g = ModelSerializer.restoreComputationGraph(in, withUpdater);
        }
        LmHeadLayer.requireIn(g, TransformerModel.LM, "checkpoint " + dir);
        return g;
    }
}
