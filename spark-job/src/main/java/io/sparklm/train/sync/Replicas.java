package io.sparklm.train.sync;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker networks of this JVM for one run ({@code runId}): each is a replica of the driver's parameters at
 * some version (optimizer steps taken), with a gradient view and no optimizer state. All replicas of a run at one version are identical, so a task
 * takes any free one: Spark may run worker w on another executor in the next step. Replicas of an older run are
 * dropped when a newer run first takes one. Thread safe.
 */
final class Replicas {
    /** One network and the number of steps it has taken. */
    static final class Replica {
        final ComputationGraph net;
        long version;
        /** The worker's gradient sum over its micro-batches, kept between steps (null until accumulation needs it). */
        io.sparklm.train.engine.GradientSum sum;

        Replica(ComputationGraph net, long version) {
            this.net = net;
            this.version = version;
        }
    }

    private static String runId;
    private static final List<Replica> FREE = new ArrayList<>();

    private Replicas() {}

    /**
     * A free replica of {@code run}, preferring one at {@code version}, then {@code version - 1}; null when this JVM
     * has none free. The caller owns it until {@link #release}.
     */
    static synchronized Replica take(String run, long version) {
        if (!run.equals(runId)) {
            FREE.clear();
            runId = run;
        }
        Replica best = null;
        for (Replica r : FREE) {
            if (r.version == version) {
                best = r;
                break;
            }
            if (r.version == version - 1 && best == null) {
                best = r;
            }
        }
        if (best == null && !FREE.isEmpty()) {
            best = FREE.get(0);
        }
        FREE.remove(best);
        return best;
    }

    /** Returns a replica of {@code run} to the free list (dropped if a newer run started meanwhile). */
    static synchronized void release(String run, Replica r) {
        if (run.equals(runId)) {
            FREE.add(r);
        }
    }

    /** Drops this JVM's replicas of {@code run} (local mode, when the run's engine closes). */
    static synchronized void drop(String run) {
        if (run.equals(runId)) {
            FREE.clear();
            runId = null;
        }
    }
}
