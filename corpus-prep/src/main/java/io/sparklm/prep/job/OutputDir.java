package io.sparklm.prep.job;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * Atomic output directory: the job writes into a hidden sibling {@code ._tmp_<name>_<nonce>} and
 * {@link #commit()} renames it to the final path (the manifest is written last inside the temp dir, so a killed
 * job leaves no manifest and nothing visible). Existing output is refused unless {@code overwrite}.
 */
public final class OutputDir {
    private final FileSystem fs;
    private final Path target;
    private final Path tmp;
    private final boolean overwrite;

    public OutputDir(FileSystem fs, Path target, boolean overwrite) throws IOException {
        this.fs = fs;
        this.target = target;
        this.overwrite = overwrite;
        if (target.getParent() == null) {
            throw new io.sparklm.config.ConfigException("config key 'output': must not be a file system root: " + target);
        }
        if (fs.exists(target) && !overwrite) {
            throw new io.sparklm.config.ConfigException("config key 'output': " + target
                    + " already exists (pass --overwrite to replace it)");
        }
        this.tmp = new Path(target.getParent(), "._tmp_" + target.getName() + "_" + Long.toHexString(System.nanoTime()));
        fs.mkdirs(tmp);
    }

    public Path tmp() {
        return tmp;
    }

    public Path target() {
        return target;
    }

    /** Replaces the target with the temp dir (the old output, if any, is moved aside and then deleted). */
    public void commit() throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new IOException("output " + target + " appeared while the job ran; refusing to replace it");
            }
            old = new Path(target.getParent(), "._old_" + target.getName() + "_" + Long.toHexString(System.nanoTime()));
            if (!fs.rename(target, old)) {
                throw new IOException("cannot move old output " + target + " aside");
            }
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
        if (old != null) {
            fs.delete(old, true);
        }
    }

    /** Deletes the temp dir after a failure. */
    public void abort() {
        try {
            fs.delete(tmp, true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
