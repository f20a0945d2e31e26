package io.sparklm.train.checkpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One daemon thread that streams a second checkpoint file while the caller streams the first: parameters and
 * optimizer state are written (and read) concurrently, each file hashed on its own thread, so a checkpoint moves
 * at the file system's speed rather than at one SHA-256 thread's. Closing it interrupts an unfinished task.
 */
final class SideThread implements AutoCloseable {
    private final ExecutorService pool;

    SideThread(String name) {
        pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code task} on the side thread. */
    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** The task's value; its failure rethrown as the IOException or RuntimeException it was. */
    static <T> T result(Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
