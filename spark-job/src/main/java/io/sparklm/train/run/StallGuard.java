package io.sparklm.train.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long one training call may run: with a timeout > 0 each {@link #call} runs on one dedicated daemon
 * thread ({@value #THREAD}) and the caller waits at most {@code timeoutMillis}; past it the guard takes a thread dump,
 * runs {@code onStall} (e.g. cancel the Spark jobs), waits a grace period for the call to end and throws
 * {@link StalledException} either way. A call that never returns is abandoned on its daemon thread, so the caller
 * can report the stall and exit instead of hanging a scheduled run forever. Timeout 0: calls run on the caller's
 * thread, unguarded.
 */
public final class StallGuard implements AutoCloseable {
    /** Name of the thread the guarded calls run on. */
    public static final String THREAD = "sparklm-step";
    private static final long MAX_GRACE_MILLIS = 30_000;

    /** A call ran past the stall timeout; {@link #threadDump()} shows where every thread was at that moment. */
    public static final class StalledException extends RuntimeException {
        private final String threadDump;

        StalledException(String message, String threadDump) {
            super(message);
            this.threadDump = threadDump;
        }

        /** All threads' stacks, taken when the timeout expired (before {@code onStall}). */
        public String threadDump() {
            return threadDump;
        }
    }

    private final long timeoutMillis;
    private final Runnable onStall;
    private final ExecutorService exec;

    /** {@code timeoutMillis}: 0 disables the guard; {@code onStall}: run once per stall, after the dump. */
    public StallGuard(long timeoutMillis, Runnable onStall) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("stall timeout must be >= 0 ms, got " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
        this.onStall = onStall;
        this.exec = timeoutMillis == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} and returns its result; its exceptions propagate unchanged (checked ones wrapped in a
     * RuntimeException). {@code what} names the call in the stall message.
     */
    public <T> T call(String what, Callable<T> work) {
        if (exec == null) {
            return unguarded(work);
        }
        Future<T> f = exec.submit(work);
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw stalled(f, what);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new RuntimeException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** Dump, {@code onStall}, then a grace period for {@code f} to end: the exception says how it ended. */
    private StalledException stalled(Future<?> f, String what) {
        String dump = threadDump();
        onStall.run();
        long grace = Math.min(MAX_GRACE_MILLIS, Math.max(1000, timeoutMillis / 10));
        String after;
        try {
            f.get(grace, TimeUnit.MILLISECONDS);
            after = "it returned after being cancelled";
        } catch (TimeoutException still) {
            after = "it did not end within " + grace / 1000.0 + " s of being cancelled and is abandoned";
        } catch (ExecutionException ended) {
            after = "it failed after being cancelled (" + ended.getCause() + ")";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            after = "the wait for it to end was interrupted";
        }
        return new StalledException(what + " made no progress for " + timeoutMillis / 1000.0 + " s; " + after, dump);
    }

    private static <T> T unguarded(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** Every live thread's name, state, lock and full stack (like jstack, without native frames). */
    public static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(ti.getThreadName()).append("\" ").append(ti.getThreadState());
            if (ti.getLockName() != null) {
                sb.append(" on ").append(ti.getLockName());
            }
            if (ti.getLockOwnerName() != null) {
                sb.append(" owned by \"").append(ti.getLockOwnerName()).append('"');
            }
            sb.append('\n');
            for (StackTraceElement e : ti.getStackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Stops the call thread; an abandoned (stuck) call keeps its daemon thread. */
    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
        }
    }
}
