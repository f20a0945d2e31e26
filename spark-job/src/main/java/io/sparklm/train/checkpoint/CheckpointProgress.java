package io.sparklm.train.checkpoint;

import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Progress of a long checkpoint write or read on the console: one line at most every 2 seconds with the MB done,
 * the total and the rate, and a final line; silent for checkpoints that take less than 2 seconds.
 */
final class CheckpointProgress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long done;
    private boolean printed;

    CheckpointProgress(String what, long totalBytes) {
        this.what = what;
        this.total = totalBytes;
    }

    /** A consumer of bytes done within a part that starts at {@code offset} bytes of the total. */
    LongConsumer part(long offset) {
        return bytes -> update(offset + bytes);
    }

    private void update(long bytes) {
        done = bytes;
        long now = System.nanoTime();
        if (now - lastPrint >= EVERY_NANOS) {
            lastPrint = now;
            printed = true;
            System.err.println(line(now));
        }
    }

    /** The final line, when any progress line was printed. */
    void done() {
        if (printed) {
            done = total;
            System.err.println(line(System.nanoTime()));
        }
    }

    private String line(long now) {
        double s = (now - start) / 1e9;
        return String.format(Locale.ROOT, "[checkpoint] %s: %,d of %,d MB (%.0f MB/s)", what, done >> 20,
                total >> 20, done / 1e6 / Math.max(s, 1e-9));
    }
}
