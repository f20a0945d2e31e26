package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a verified checkpoint directory: {@code uri} itself when it holds {@code graph.json}, else the run output's
 * {@code checkpoints/latest}, falling back (with a note on stderr) to older complete checkpoints when the newest
 * is corrupt or truncated (SHA256SUMS mismatch).
 */
public final class CheckpointResolver {
    private CheckpointResolver() {}

    /** A verified checkpoint directory for a checkpoint dir or a run output; throws when none is valid. */
    public static Path resolve(FileSystem fs, Path uri) throws IOException {
        if (fs.exists(new Path(uri, CheckpointWriter.GRAPH))) {
            String problem = verify(fs, uri);
            if (problem != null) {
                throw new IOException("checkpoint " + uri + " is corrupt: " + problem);
            }
            return uri;
        }
        return newestValid(fs, uri).orElseThrow(() -> new FileNotFoundException(
                "no complete checkpoint under " + uri + " (expected " + CheckpointWriter.GRAPH + " or checkpoints/latest)"));
    }

    /** The newest verified checkpoint of a run output; empty when there is none. */
    public static Optional<Path> newestValid(FileSystem fs, Path runOutput) throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path latest = new Path(new Path(runOutput, CheckpointStore.DIR), CheckpointStore.LATEST);
        if (fs.exists(latest)) {
            String name = HadoopFs.readString(fs, latest).strip();
            if (CheckpointStore.stepOf(name) >= 0) {
                candidates.add(new Path(new Path(runOutput, CheckpointStore.DIR), name));
            } else {
                System.err.println("[checkpoint] ignoring malformed pointer " + latest + ": '" + name + "'");
            }
        }
        for (Path p : CheckpointStore.list(fs, runOutput)) {
            if (candidates.stream().noneMatch(c -> c.getName().equals(p.getName()))) {
                candidates.add(p);
            }
        }
        for (Path c : candidates) {
            if (!fs.exists(c)) {
                System.err.println("[checkpoint] " + c.getName() + " named by 'latest' does not exist; falling back");
                continue;
            }
            String problem = verify(fs, c);
            if (problem == null) {
                return Optional.of(c);
            }
            System.err.println("[checkpoint] " + c + " is corrupt (" + problem
                    + "); falling back to the previous checkpoint");
        }
        return Optional.empty();
    }

    /** Null when {@code dir} is a complete, checksum-valid checkpoint, else the reason. */
    public static String verify(FileSystem fs, Path dir) {
        return Checksums.verify(fs, dir, CheckpointWriter.GRAPH, CheckpointWriter.PARAMS, CheckpointWriter.STATE,
                CheckpointWriter.CONFIG);
    }
}
