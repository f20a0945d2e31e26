package io.sparklm.train.engine;

import io.sparklm.model.layers.KeyedDropout;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.util.ComputationGraphUtil;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Spark worker hook (parameter averaging), run before each minibatch a worker fits:
 * <ol>
 * <li>restores the iteration count: DL4J's worker rebuilds its net from {@code ComputationGraphConfiguration.clone()},
 * which drops the iteration count, so without this every averaging round restarts at iteration 0 (the LR
 * schedule's warmup and Adam's bias correction restart every {@code averaging-frequency} steps). The driver sets
 * {@link #startIteration} before each Spark call; the hook ships with that call's tasks;</li>
 * <li>binds the minibatch's key to the model's {@link KeyedDropout} layers, so each worker's masks depend on
 * (seed, layer, iteration, its minibatch), never on the partition, executor or thread that fits it;</li>
 * <li>takes the weight-decay penalty out of the worker's score: DL4J's score is data loss + the penalty of the
 * parameters before the update ({@link LossMath#dataScore}); the penalty is taken in {@code preUpdate} and
 * subtracted in {@code postUpdate}, so the score each worker returns, and the driver's average of them, is the
 * data loss of the worker's last minibatch.</li>
 * </ol>
 */
public final class WorkerStepHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private volatile int startIteration;
    /** Penalty taken before the fit, per fitting thread (pre and post of one minibatch run on the same thread). */
    private static final ThreadLocal<Double> PENALTY = new ThreadLocal<>();

    /** The driver's iteration count at the start of the next Spark call (serialized with its tasks). */
    public void startIteration(int iteration) {
        this.startIteration = iteration;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        if (model instanceof ComputationGraph g) {
            // a worker net fresh from clone() is at 0 < start; after its first fit it counts on by itself
            if (g.getConfiguration().getIterationCount() < startIteration) {
                g.getConfiguration().setIterationCount(startIteration);
            }
            KeyedDropout.bind(g, minibatch);
            PENALTY.set(g.calcRegularizationScore(true));
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        preUpdate(ComputationGraphUtil.toMultiDataSet(minibatch), model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        postUpdate(ComputationGraphUtil.toMultiDataSet(minibatch), model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        Double p = PENALTY.get();
        if (model instanceof ComputationGraph g && p != null) {
            g.setScore(LossMath.dataScore(g.score(), p));
            PENALTY.remove();
        }
    }
}
