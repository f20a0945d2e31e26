package io.sparklm.prep.job;

/** Progress lines on stderr, prefixed with elapsed seconds since class load (stdout is for results). */
public final class Progress {
    private static final long T0 = System.nanoTime();

    private Progress() {}

    public static void log(String fmt, Object... args) {
        System.err.printf("[prep %6.1fs] %s%n", (System.nanoTime() - T0) / 1e9, String.format(fmt, args));
        System.err.flush();
    }
}
