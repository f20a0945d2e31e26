package io.sparklm.train.checkpoint;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Listing and retention of the checkpoints under {@code <run>/checkpoints}: directory names
 * {@code step-%08d}, the {@code latest} pointer, pruning to the last K plus the best by validation loss, and
 * removal of temporary directories left by a crash.
 */
public final class CheckpointStore {
    public static final String DIR = "checkpoints";
    public static final String LATEST = "latest";
    private static final String PREFIX = "step-";

    private CheckpointStore() {}

    public static String dirName(long step) {
        return String.format("%s%08d", PREFIX, step);
    }

    /** Step number of a checkpoint directory name, or -1 when it is not one. */
    public static long stepOf(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Complete-looking checkpoint directories (renamed, not temporary), newest step first. */
    public static List<Path> list(FileSystem fs, Path runOutput) throws IOException {
        Path dir = new Path(runOutput, DIR);
        List<Path> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus st : fs.listStatus(dir)) {
            if (st.isDirectory() && stepOf(st.getPath().getName()) >= 0) {
                out.add(st.getPath());
            }
        }
        out.sort(Comparator.comparingLong((Path p) -> stepOf(p.getName())).reversed());
        return out;
    }

    /** Deletes all but the newest {@code keep} checkpoints, never deleting {@code bestStep} (-1: none). */
    public static List<Path> prune(FileSystem fs, Path runOutput, int keep, long bestStep) throws IOException {
        List<Path> deleted = new ArrayList<>();
        List<Path> all = list(fs, runOutput);
        for (int i = keep; i < all.size(); i++) {
            Path p = all.get(i);
            if (stepOf(p.getName()) != bestStep) {
                fs.delete(p, true);
                deleted.add(p);
            }
        }
        return deleted;
    }

    /** Removes {@code ._tmp-*} directories of interrupted checkpoint writes. */
    public static void cleanTemp(FileSystem fs, Path runOutput) throws IOException {
        Path dir = new Path(runOutput, DIR);
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus st : fs.listStatus(dir)) {
            if (st.getPath().getName().startsWith("._tmp")) {
                fs.delete(st.getPath(), true);
            }
        }
    }
}
