package io.sparklm.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit codes of every sparklm command, stable for cron / Airflow. {@link #TABLE} is what
 * {@code --help} prints and the README shows.
 */
public final class ExitCodes {
    /** Finished, or made progress within the time budget. */
    public static final int OK = 0;
    /** An unexpected failure (a bug, a lost cluster); the message names it. */
    public static final int FAILED = 1;
    /** Bad arguments or configuration, or a missing input: nothing was done. */
    public static final int CONFIG = 2;
    /** The output is locked by another live run: retry later. */
    public static final int LOCKED = 3;
    /** The time budget ran out before a single new step. */
    public static final int NO_PROGRESS = 4;
    /** A training call ran past stall-timeout-seconds; a thread dump is in the output; re-run to resume. */
    public static final int STALLED = 5;
    /** The run stopped learning: a non-finite loss, or parameters unchanged between validations. */
    public static final int NOT_LEARNING = 6;
    /** The input cannot give the result asked: unreadable files, no usable document, a smaller vocabulary. */
    public static final int BAD_DATA = 7;
    /** A filesystem or cluster service could not be reached (connection refused, unknown host): retry later. */
    public static final int UNREACHABLE = 8;
    /** The JVM ran out of memory (Spark's exit code for an OutOfMemoryError). */
    public static final int OUT_OF_MEMORY = 52;
    /** Stopped by SIGTERM after writing a checkpoint: resume by re-running the same command. */
    public static final int PREEMPTED = 143;

    /** Code to its meaning, in code order. */
    public static final Map<Integer, String> TABLE;

    static {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(OK, "finished, or made progress within the time budget");
        m.put(FAILED, "unexpected failure (the message names it)");
        m.put(CONFIG, "bad arguments, configuration or missing input; nothing was done");
        m.put(LOCKED, "the output is locked by another live run; retry later");
        m.put(NO_PROGRESS, "the time budget ran out before a single new step");
        m.put(STALLED, "a training call stalled; a thread dump is in the output; re-run to resume");
        m.put(NOT_LEARNING, "the run stopped learning (non-finite loss or unchanged parameters)");
        m.put(BAD_DATA, "the input cannot give the result asked (unreadable files, no usable document, "
                + "a smaller vocabulary)");
        m.put(UNREACHABLE, "a filesystem or cluster service could not be reached; retry later");
        m.put(OUT_OF_MEMORY, "out of memory (more heap, or a smaller batch-size-per-worker)");
        m.put(PREEMPTED, "stopped by SIGTERM after a checkpoint; re-run to resume");
        TABLE = java.util.Collections.unmodifiableMap(m);
    }

    private ExitCodes() {}

    /**
     * Ends a command's main method with {@code code}. A 0 inside YARN's ApplicationMaster (spark-submit
     * --deploy-mode cluster) returns instead: the ApplicationMaster reports success only when the main method
     * returns, records a System.exit before that as a failed attempt and runs the application again; it exits the
     * JVM itself afterwards.
     */
    public static void exit(int code) {
        if (!returnsInstead(code, System.getProperties())) {
            System.exit(code);
        }
    }

    /** True for a 0 in a JVM whose Spark properties say YARN cluster deploy mode (the ApplicationMaster's). */
    static boolean returnsInstead(int code, java.util.Properties sparkProperties) {
        return code == OK && "cluster".equals(sparkProperties.getProperty("spark.submit.deployMode"))
                && sparkProperties.getProperty("spark.master", "").startsWith("yarn");
    }
}
