package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.LmHeadLayer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the model of a checkpoint directory written by {@link CheckpointWriter}: the graph from
 * {@code graph.json}, its parameters (and, to train on, its optimizer state) straight into the new graph's
 * memory ({@link ArrayFile}), each file's SHA-256 checked against {@code SHA256SUMS} as it is read; parameters and
 * optimizer state stream concurrently ({@link SideThread}).
 */
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
        if (!fs.exists(new Path(dir, CheckpointWriter.GRAPH))) {
            throw new IOException("checkpoint " + dir + " has no " + CheckpointWriter.GRAPH + " (written by an"
                    + " older sparklm: retrain, or read it with the sparklm that wrote it)");
        }
        java.util.Map<String, String> sums = Checksums.parse(HadoopFs.readString(fs, new Path(dir, Checksums.FILE)));
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
                HadoopFs.readString(fs, new Path(dir, CheckpointWriter.GRAPH)));
        ComputationGraph g = new ComputationGraph(conf);
        long n = ArrayFile.count(fs, new Path(dir, CheckpointWriter.PARAMS));
        g.init(Nd4j.create(conf.getDataType(), 1, n), false); // no random init: the values are read next
        LmHeadLayer.requireIn(g, TransformerModel.LM, "checkpoint " + dir);
        INDArray updater = withUpdater && sums.containsKey(CheckpointWriter.UPDATER)
                ? g.getUpdater(true).getStateViewArray() : null;
        long total = ArrayFile.bytes(g.params()) + (updater == null ? 0 : ArrayFile.bytes(updater));
        CheckpointProgress progress = new CheckpointProgress("reading " + dir.getName(), total);
        try (SideThread side = new SideThread("checkpoint-updater")) { // both files stream at once
            java.util.function.LongConsumer updaterProgress = progress.part();
            java.util.concurrent.Future<String> updaterSum = updater == null ? null : side.submit(() ->
                    ArrayFile.read(fs, new Path(dir, CheckpointWriter.UPDATER), updater, updaterProgress));
            expect(sums, CheckpointWriter.PARAMS, ArrayFile.read(fs, new Path(dir, CheckpointWriter.PARAMS),
                    g.params(), progress.part()), dir);
            if (updaterSum != null) {
                expect(sums, CheckpointWriter.UPDATER, SideThread.result(updaterSum, "reading the optimizer state"),
                        dir);
            }
        }
        progress.done();
        return g;
    }

    private static void expect(java.util.Map<String, String> sums, String file, String actual, Path dir)
            throws IOException {
        if (!actual.equals(sums.get(file))) {
            throw new IOException("checkpoint " + dir + ": " + file + " does not match its SHA-256 (corrupt)");
        }
    }
}
