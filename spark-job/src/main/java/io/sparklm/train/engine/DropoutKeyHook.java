package io.sparklm.train.engine;

import io.sparklm.model.KeyedDropout;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.util.ComputationGraphUtil;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Spark worker hook (parameter averaging): before each minibatch is fit, binds the minibatch's key to the worker
 * model's {@link KeyedDropout} layers, so each worker's dropout masks depend on (seed, layer, iteration, its
 * minibatch) and never on the partition, executor or thread that fits it.
 */
public final class DropoutKeyHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        if (model instanceof ComputationGraph g) {
            KeyedDropout.bind(g, minibatch);
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        preUpdate(ComputationGraphUtil.toMultiDataSet(minibatch), model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        // nothing to undo: the next preUpdate rebinds
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        // nothing to undo: the next preUpdate rebinds
    }
}
