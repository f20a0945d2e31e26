package io.sparklm.cli;

import io.sparklm.config.ConfigException;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns what a command threw into its exit code and one line naming the cause. Expected failures (bad
 * configuration, a missing file, an unreachable host, bad data, out of memory) get no stack trace; anything else
 * is a bug or a lost cluster and keeps its trace ({@link Failure#expected()} false).
 */
public final class Failures {
    /** The outcome of a failed command. */
    public record Failure(int code, String message, boolean expected) {}

    private Failures() {}

    public static Failure of(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            String m = String.valueOf(t.getMessage());
            boolean offHeap = m.contains("maxBytes") || m.contains("maxPhysicalBytes") || m.contains("physical");
            return new Failure(ExitCodes.OUT_OF_MEMORY, "out of memory (" + m + "): " + (offHeap
                    ? "give ND4J more off-heap memory (SPARKLM_NATIVE_MEMORY; on Spark -Dorg.bytedeco.javacpp.maxbytes"
                    + " and spark.executor.memoryOverhead)" : "give the JVM more heap (SPARKLM_HEAP, --driver-memory"
                    + " / --executor-memory)") + " or lower batch-size-per-worker", true);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                return new Failure(ExitCodes.CONFIG, c.getMessage(), true);
            }
            if (c instanceof DataException) {
                return new Failure(ExitCodes.BAD_DATA, c.getMessage(), true);
            }
            if (c instanceof FileNotFoundException || c instanceof NoSuchFileException) {
                return new Failure(ExitCodes.CONFIG, "not found: " + firstLine(c.getMessage()), true);
            }
            if (c instanceof AccessDeniedException || isAccessControl(c)) {
                return new Failure(ExitCodes.CONFIG, "permission denied: " + firstLine(c.getMessage()), true);
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || c instanceof SocketTimeoutException) {
                return new Failure(ExitCodes.UNREACHABLE, "cannot reach a service: " + firstLine(c.getMessage()),
                        true);
            }
        }
        return new Failure(ExitCodes.FAILED, "unexpected failure: " + firstLine(String.valueOf(t)), false);
    }

    /** Hadoop's AccessControlException without a compile-time dependency on its class. */
    private static boolean isAccessControl(Throwable t) {
        return t.getClass().getSimpleName().equals("AccessControlException");
    }

    /** The message up to its first line break, without Hadoop's "For more details see" wiki pointer. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        int more = s.indexOf("; For more details see");
        return more >= 0 ? s.substring(0, more) : s;
    }
}
