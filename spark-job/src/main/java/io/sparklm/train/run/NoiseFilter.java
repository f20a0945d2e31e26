package io.sparklm.train.run;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A line-buffered stream that forwards every line to {@code target} except library noise: SameDiff prints one
 * "Added differentiated op ..." line per op to System.out each time a layer builds its gradient function
 * (hundreds per run). Jobs install it as System.out so stdout carries only their result.
 */
public final class NoiseFilter extends OutputStream {
    static final List<String> DROPPED_PREFIXES = List.of("Added differentiated op ");

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private NoiseFilter(PrintStream target) {
        this.target = target;
    }

    /** A PrintStream that forwards to {@code target} without the noise lines. */
    public static PrintStream over(PrintStream target) {
        return new PrintStream(new NoiseFilter(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        // partial lines stay buffered until their newline, so a prefix is never split
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
        target.flush();
    }

    private void flushLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        for (String p : DROPPED_PREFIXES) {
            if (s.startsWith(p)) {
                return;
            }
        }
        target.print(s);
    }
}
