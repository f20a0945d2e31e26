package io.sparklm.train.sync;

import io.sparklm.train.engine.FloatArrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * The driver's model after {@code version} optimizer steps as a worker needs it, broadcast every step: graph
 * configuration JSON, flat parameters, iteration and epoch counts. A replica only computes gradients (the driver
 * alone runs the optimizer), so it carries no updater state: {@link #newReplica} builds one, {@link #copyTo} brings
 * an existing one to this version by copying the parameters (exact, whatever the replica held before).
 */
public record ModelSnapshot(long version, String configJson, float[] params, int iteration, int epoch)
        implements Serializable {

    /** The parameters of {@code g}, which has taken {@code version} steps. */
    public static ModelSnapshot of(ComputationGraph g, long version) {
        return new ModelSnapshot(version, g.getConfiguration().toJson(), g.params().toFloatVector(),
                g.getConfiguration().getIterationCount(), g.getConfiguration().getEpochCount());
    }

    /** A new network with these parameters and a gradient view, without an updater (its own arrays). */
    public ComputationGraph newReplica() {
        ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(configJson));
        net.init(Nd4j.createFromArray(params).reshape(1, params.length), false);
        net.getConfiguration().setIterationCount(iteration);
        net.getConfiguration().setEpochCount(epoch);
        net.initGradientsView();
        return net;
    }

    /** Overwrites the parameters and counts of {@code net} (same configuration) with these. */
    public void copyTo(ComputationGraph net) {
        if (net.numParams() != params.length) {
            throw new IllegalStateException("a replica of " + net.numParams() + " parameters cannot take a snapshot of "
                    + params.length);
        }
        FloatArrays.copyInto(net.params(), params);
        net.getConfiguration().setIterationCount(iteration);
        net.getConfiguration().setEpochCount(epoch);
    }
}
