package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one checkpoint through the Hadoop FileSystem API: every file goes into
 * {@code checkpoints/._tmp-step-NNNNNNNN-<nanos>/}, hashed while written, {@code SHA256SUMS} last; then every file
 * is re-read and compared with its write-time digest, and only then the directory is renamed to
 * {@code checkpoints/step-NNNNNNNN} and {@code checkpoints/latest} is replaced atomically.
 */
public final class CheckpointWriter {
    public static final String MODEL = "model.zip";
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
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put(MODEL, writeModel(new Path(tmp, MODEL), model));
            sums.put(STATE, writeBytes(new Path(tmp, STATE), stateJson.getBytes(StandardCharsets.UTF_8)));
            sums.put(CONFIG, writeBytes(new Path(tmp, CONFIG), configJson.getBytes(StandardCharsets.UTF_8)));
            if (tokenizerJson != null) {
                sums.put(TOKENIZER, writeBytes(new Path(tmp, TOKENIZER), tokenizerJson));
            }
            writeBytes(new Path(tmp, Checksums.FILE), Checksums.format(sums).getBytes(StandardCharsets.UTF_8));
            String problem = Checksums.verify(fs, tmp, MODEL, STATE, CONFIG);
            if (problem != null) {
                throw new IOException("checkpoint verification failed after write: " + problem);
            }
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

    private String writeModel(Path p, ComputationGraph model) throws IOException {
        MessageDigest md = sha();
        try (FSDataOutputStream raw = fs.create(p, true)) {
            OutputStream counted = new FilterOutputStream(new DigestOutputStream(raw, md)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // ModelSerializer closes its stream; the FS stream is closed by try-with-resources
                }
            };
            ModelSerializer.writeModel(model, counted, true);
            counted.flush();
            raw.hsync();
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private String writeBytes(Path p, byte[] bytes) throws IOException {
        MessageDigest md = sha();
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(bytes);
            out.hsync();
        }
        md.update(bytes);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
