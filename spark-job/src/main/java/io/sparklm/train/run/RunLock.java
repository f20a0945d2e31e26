package io.sparklm.train.run;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A lock file {@code <output>/_RUNLOCK} on the output file system so two runs never train into one output.
 * Content: {@code <owner id> <heartbeat epoch millis> <pid@host> <process start epoch millis>}. The owner rewrites
 * the heartbeat every {@code staleMillis / 4}; a lock whose heartbeat is older than {@code staleMillis} is stale and
 * taken over, and so, at once, is a lock whose holder ran on this host and is no longer alive (the same pid with
 * another start time is another process). Creation uses {@code create(overwrite=false)}, atomic on HDFS.
 */
public final class RunLock implements Closeable {
    public static final String FILE = "_RUNLOCK";

    /** Thrown when another live run holds the lock. */
    public static final class LockedException extends IOException {
        public LockedException(String msg) {
            super(msg);
        }
    }

    private final FileSystem fs;
    private final Path path;
    private final String id = UUID.randomUUID().toString();
    private final long staleMillis;
    private final Thread heartbeat;
    private volatile boolean closed;

    private RunLock(FileSystem fs, Path path, long staleMillis) {
        this.fs = fs;
        this.path = path;
        this.staleMillis = staleMillis;
        this.heartbeat = new Thread(this::beat, "sparklm-runlock-heartbeat");
        this.heartbeat.setDaemon(true);
    }

    /** Acquires the lock of {@code output} or throws {@link LockedException}. */
    public static RunLock acquire(FileSystem fs, Path output, long staleMillis) throws IOException {
        fs.mkdirs(output);
        RunLock lock = new RunLock(fs, new Path(output, FILE), staleMillis);
        lock.take();
        lock.heartbeat.start();
        return lock;
    }

    private void take() throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (FSDataOutputStream out = fs.create(path, false)) {
                out.write(content().getBytes(StandardCharsets.UTF_8));
                out.hsync();
                return;
            } catch (FileAlreadyExistsException e) {
                handleExisting();
            } catch (IOException e) {
                if (!fs.exists(path)) {
                    throw e;
                }
                handleExisting();
            }
        }
        throw new LockedException("output is locked by another run: " + path);
    }

    private void handleExisting() throws IOException {
        String text;
        try {
            text = HadoopFs.readString(fs, path).strip();
        } catch (IOException e) {
            text = "";
        }
        String[] parts = text.split(" ");
        long beat = -1;
        if (parts.length >= 2) {
            try {
                beat = Long.parseLong(parts[1]);
            } catch (NumberFormatException ignored) {
                beat = -1;
            }
        }
        long age = System.currentTimeMillis() - beat;
        String holder = parts.length >= 3 ? parts[2] : "?";
        if (beat > 0 && age < staleMillis && deadOnThisHost(parts)) {
            System.err.println("[lock] the run that held " + path + " (" + holder + ") is no longer running on this"
                    + " host: taking over its lock");
            fs.delete(path, false);
            return;
        }
        if (beat > 0 && age < staleMillis) {
            throw new LockedException("output is locked by another run (" + path + ", heartbeat " + age / 1000
                    + " s ago, holder " + (parts.length >= 3 ? parts[2] : "?") + "); stale after "
                    + staleMillis / 1000 + " s");
        }
        System.err.println("[lock] taking over stale lock " + path + " (heartbeat "
                + (beat > 0 ? age / 1000 + " s ago" : "unreadable") + ")");
        fs.delete(path, false);
    }

    private String content() {
        ProcessHandle self = ProcessHandle.current();
        return id + " " + System.currentTimeMillis() + " " + ManagementFactory.getRuntimeMXBean().getName() + " "
                + self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L) + "\n";
    }

    /** Whether the lock's holder ({@code pid@host} and start time) ran on this host and is gone. */
    static boolean deadOnThisHost(String[] parts) {
        if (parts.length < 4) {
            return false;
        }
        int at = parts[2].indexOf('@');
        if (at < 1) {
            return false;
        }
        String host = parts[2].substring(at + 1);
        String self = ManagementFactory.getRuntimeMXBean().getName();
        if (!host.equals(self.substring(self.indexOf('@') + 1))) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(parts[2].substring(0, at));
            start = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> start < 0 || p.info().startInstant().map(java.time.Instant::toEpochMilli)
                        .map(t -> Math.abs(t - start) < 1000).orElse(true))
                .isEmpty();
    }

    private void beat() {
        long period = Math.max(50, staleMillis / 4);
        while (!closed) {
            try {
                Thread.sleep(period);
                if (closed) {
                    return;
                }
                if (isOurs()) {
                    HadoopFs.writeStringAtomically(fs, path, content());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.err.println("[lock] heartbeat failed: " + e.getMessage());
            }
        }
    }

    private boolean isOurs() throws IOException {
        return fs.exists(path) && HadoopFs.readString(fs, path).startsWith(id + " ");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        heartbeat.interrupt();
        try {
            heartbeat.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isOurs()) {
            fs.delete(path, false);
        }
    }
}
