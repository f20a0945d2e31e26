package io.sparklm.train.sync;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * The complete training state of the driver's model after {@code version} optimizer steps, broadcast to the
 * executors when a worker has no replica at the current step (the first step of a run, a new or restarted
 * executor, a replica that failed its checksum): graph configuration JSON, flat parameters, updater (Adam) state,
 * iteration and epoch counts. {@link #newReplica} rebuilds exactly that state.
 */
public record ModelSnapshot(long version, String configJson, float[] params, float[] updaterState, int iteration,
                            int epoch) implements Serializable {

    /** The state of {@code g}, which has taken {@code version} steps. */
    public static ModelSnapshot of(ComputationGraph g, long version) {
        INDArray state = g.getUpdater(true).getStateViewArray();
        return new ModelSnapshot(version, g.getConfiguration().toJson(), g.params().toFloatVector(),
                state == null ? new float[0] : state.toFloatVector(), g.getConfiguration().getIterationCount(),
                g.getConfiguration().getEpochCount());
    }

    /** A new network in exactly this state (its own arrays). */
    public ComputationGraph newReplica() {
        ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(configJson));
        net.init(Nd4j.createFromArray(params).reshape(1, params.length), false);
        INDArray state = net.getUpdater(true).getStateViewArray();
        if (state != null && updaterState.length > 0) {
            state.assign(Nd4j.createFromArray(updaterState).reshape(state.shape()));
        }
        net.getConfiguration().setIterationCount(iteration);
        net.getConfiguration().setEpochCount(epoch);
        net.initGradientsView();
        return net;
    }
}
