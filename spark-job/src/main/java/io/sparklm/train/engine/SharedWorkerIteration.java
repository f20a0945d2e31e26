package io.sparklm.train.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * {@code trainer=shared}: puts a gradient-sharing worker's model at the driver's step and parameters when each Spark
 * call starts. DL4J 1.0.0-M2's worker (SharedTrainingWrapper, one per executor) trains the network of its first call
 * for the whole run and only attaches the listeners of that call; it never takes the driver's parameters again, and
 * it drops the other workers' updates that arrive after its own last minibatch of a call, which the driver (a
 * silent worker that applies every update) keeps. Unsynced, the workers drift from the driver and from each other
 * call after call. Its iteration count also stays 0, so the learning-rate schedule, Adam's bias correction and the
 * encoding threshold ({@link LrScaledThreshold}) would stay at step 0.
 *
 * <p>Each call ships a new instance carrying the call's start step and the driver's parameters (a broadcast).
 * Deserialized on an executor it becomes that JVM's newest call; the instance the worker's network actually
 * carries (the first call's) reads the newest call when a fit starts ({@code onEpochStart}): it copies the driver's
 * parameters into the network once per call and restarts its count at the call's step. Before each update (after
 * the gradient, before the updater and the encoder read it) it sets the iteration count to that step plus the
 * minibatches fitted since. The sync needs a fit over the call's iterator, which DL4J runs with
 * {@code shared-workers-per-node} 1 (the default); with more, its ParallelWrapper fits minibatch by minibatch and
 * only the count is kept. Parameter averaging restores the count in {@link WorkerStepHook} instead.
 */
public final class SharedWorkerIteration extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 2L;
    /** The newest call deserialized in this JVM. */
    private static volatile SharedWorkerIteration newest;
    private final int start;
    private final DriverParams params;
    private transient SharedWorkerIteration synced;
    private transient int step;

    /**
     * {@code start}: the driver's iteration count at the Spark call this listener ships with; {@code params}: the
     * driver's flat parameters at that call (null: the count only).
     */
    public SharedWorkerIteration(int start, DriverParams params) {
        this.start = start;
        this.params = params;
        this.step = start;
    }

    @Override
    public void onEpochStart(Model model) {
        SharedWorkerIteration call = newest == null ? this : newest;
        if (call == synced) {
            return;
        }
        synced = call;
        step = call.start;
        if (call.params != null) {
            FloatArrays.copyInto(model.params(), call.params.get());
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (model instanceof ComputationGraph g) {
            g.getConfiguration().setIterationCount(step++);
        }
    }

    /** The driver's flat parameters at a call, read on the executor (a broadcast's value). */
    public interface DriverParams extends Serializable {
        float[] get();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        step = start;
        newest = this;
    }
}
