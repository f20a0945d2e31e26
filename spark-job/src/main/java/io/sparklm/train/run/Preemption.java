package io.sparklm.train.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * SIGTERM handling: the handler only sets a flag; the training loop finishes its current step, writes a
 * checkpoint and exits with {@link io.sparklm.cli.ExitCodes#PREEMPTED}. Installing replaces the JVM's default
 * TERM action (and Spark's logger), so the JVM does not start shutting down under the running step.
 */
public final class Preemption {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.preempt");
    private static volatile boolean requested;
    private static volatile boolean installed;

    private Preemption() {}

    /** Installs the TERM handler once; later calls are no-ops. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Signal.handle(new Signal("TERM"), sig -> {
            if (!requested) {
                LOG.warn("SIGTERM received: finishing the current step, then checkpointing");
            }
            requested = true;
        });
        installed = true;
    }

    public static boolean requested() {
        return requested;
    }

    /** Requests a stop as SIGTERM would (also used by tests). */
    public static void request() {
        requested = true;
    }

    /** Clears the flag (tests run several jobs in one JVM). */
    public static void reset() {
        requested = false;
    }
}
