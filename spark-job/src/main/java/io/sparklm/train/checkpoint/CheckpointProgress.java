package io.sparklm.train.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Progress of a long checkpoint write or read on the console: one line at most every 2 seconds with the MB done,
 * the total and the rate, and a final line; silent for checkpoints that take less than 2 seconds.
 */
final class CheckpointProgress {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.checkpoint");
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long done;
    private boolean printed;
    private final java.util.List<java.util.concurrent.atomic.AtomicLong> parts =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    CheckpointProgress(String what, long totalBytes) {
        this.what = what;
        this.total = totalBytes;
    }

    /** A consumer of the bytes done within one part of the total; parts may progress concurrently. */
    LongConsumer part() {
        java.util.concurrent.atomic.AtomicLong mine = new java.util.concurrent.atomic.AtomicLong();
        parts.add(mine);
        return bytes -> {
            mine.set(bytes);
            update();
        };
    }

    private synchronized void update() {
        done = parts.stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
        long now = System.nanoTime();
        if (now - lastPrint >= EVERY_NANOS) {
            lastPrint = now;
            printed = true;
            LOG.info(line(now));
        }
    }

    /** The final line, when any progress line was printed. */
    synchronized void done() {
        if (printed) {
            done = total;
            LOG.info(line(System.nanoTime()));
        }
    }

    private String line(long now) {
        double s = (now - start) / 1e9;
        return String.format(Locale.ROOT, "%s: %,d of %,d MB (%.0f MB/s)", what, done >> 20,
                total >> 20, done / 1e6 / Math.max(s, 1e-9));
    }
}
