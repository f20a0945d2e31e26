package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes one checkpoint through the Hadoop FileSystem API: the model as {@code graph.json} (the DL4J graph
 * configuration, with its iteration count), {@code params.bin} and {@code updater.bin} (the flat parameter and
 * optimizer-state vectors, {@link ArrayFile}: streamed at the file system's speed, hashed while written), then
 * {@code trainer-state.json}, {@code config.json}, {@code tokenizer.json} and {@code SHA256SUMS} last, all into
 * {@code checkpoints/._tmp-step-NNNNNNNN-<nanos>/}; every file is re-read and compared with its write-time digest,
 * and only then the directory is renamed to {@code checkpoints/step-NNNNNNNN} and {@code checkpoints/latest} is
 * replaced atomically. {@link CheckpointReader} reads it back.
 */
public final class CheckpointWriter {
    public static final String GRAPH = "graph.json";
    public static final String PARAMS = "params.bin";
    public static final String UPDATER = "updater.bin";
    public static final String STATE = "trainer-state.json";
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";

    private final FileSystem fs;
    private final Path checkpointsDir;

    public CheckpointWriter(FileSystem fs, Path runOutput) {
        this.fs = fs;
        this.checkpointsDir = new Path(runOutput, CheckpointStore.DIR);
    }

    /**
     * Writes the checkpoint of {@code step}; {@code tokenizerJson} may be null (no tokenizer file). Returns the
     * final directory. On any failure the temporary directory is removed and the previous checkpoints are intact.
     */
    public Path write(long step, ComputationGraph model, String stateJson, String configJson, byte[] tokenizerJson)
            throws IOException {
        String name = CheckpointStore.dirName(step);
        Path tmp = new Path(checkpointsDir, "._tmp-" + name + "-" + System.nanoTime());
        Path fin = new Path(checkpointsDir, name);
        fs.mkdirs(tmp);
        try {
            INDArray params = model.params();
            INDArray updater = model.getUpdater(true) == null ? null : model.getUpdater().getStateViewArray();
            long total = ArrayFile.bytes(params) + (updater == null ? 0 : ArrayFile.bytes(updater));
            CheckpointProgress progress = new CheckpointProgress("writing " + name, total);
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put(GRAPH, writeBytes(new Path(tmp, GRAPH),
                    model.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8)));
            try (SideThread side = new SideThread("checkpoint-updater")) { // both files stream at once
                LongConsumer updaterProgress = progress.part();
                java.util.concurrent.Future<String> updaterSum = updater == null ? null
                        : side.submit(() -> ArrayFile.write(fs, new Path(tmp, UPDATER), updater, updaterProgress));
                sums.put(PARAMS, ArrayFile.write(fs, new Path(tmp, PARAMS), params, progress.part()));
                if (updaterSum != null) {
                    sums.put(UPDATER, SideThread.result(updaterSum, "writing the optimizer state"));
                }
            }
            sums.put(STATE, writeBytes(new Path(tmp, STATE), stateJson.getBytes(StandardCharsets.UTF_8)));
            sums.put(CONFIG, writeBytes(new Path(tmp, CONFIG), configJson.getBytes(StandardCharsets.UTF_8)));
            if (tokenizerJson != null) {
                sums.put(TOKENIZER, writeBytes(new Path(tmp, TOKENIZER), tokenizerJson));
            }
            writeBytes(new Path(tmp, Checksums.FILE), Checksums.format(sums).getBytes(StandardCharsets.UTF_8));
            String problem = Checksums.verify(fs, tmp, GRAPH, PARAMS, STATE, CONFIG);
            if (problem != null) {
                throw new IOException("checkpoint verification failed after write: " + problem);
            }
            progress.done();
            if (fs.exists(fin) && !fs.delete(fin, true)) {
                throw new IOException("cannot replace existing " + fin);
            }
            if (!fs.rename(tmp, fin)) {
                throw new IOException("rename " + tmp + " -> " + fin + " failed");
            }
            HadoopFs.writeStringAtomically(fs, new Path(checkpointsDir, CheckpointStore.LATEST), name + "\n");
            return fin;
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException ignored) {
                // best effort; a leftover ._tmp dir is never read and is removed by CheckpointStore.cleanTemp
            }
            throw e;
        }
    }

    private String writeBytes(Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(bytes);
            out.hsync();
        }
        return HexFormat.of().formatHex(ArrayFile.sha().digest(bytes));
    }
}
