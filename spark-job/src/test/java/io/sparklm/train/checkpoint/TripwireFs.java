package io.sparklm.train.checkpoint;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file system that runs {@code action} once, while a file named {@code name} is being written and has received
 * more than {@code afterBytes} bytes (fault injection in the middle of a write, e.g. stopping a DataNode).
 */
final class TripwireFs extends FilterFileSystem {
    private final String name;
    private final long afterBytes;
    private final Runnable action;
    private volatile boolean fired;

    TripwireFs(FileSystem inner, String name, long afterBytes, Runnable action) {
        super(inner);
        this.name = name;
        this.afterBytes = afterBytes;
        this.action = action;
    }

    boolean fired() {
        return fired;
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        return f.getName().equals(name) ? new FSDataOutputStream(new Tripwire(out), null) : out;
    }

    private final class Tripwire extends OutputStream implements Syncable {
        private final FSDataOutputStream out;
        private long n;

        Tripwire(FSDataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count(len);
        }

        private void count(long k) {
            n += k;
            if (!fired && n > afterBytes) {
                fired = true;
                action.run();
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void hflush() throws IOException {
            out.hflush();
        }

        @Override
        public void hsync() throws IOException {
            out.hsync();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
