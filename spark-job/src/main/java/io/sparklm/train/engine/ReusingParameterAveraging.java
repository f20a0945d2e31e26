package io.sparklm.train.engine;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DL4J parameter averaging whose workers reuse their networks between Spark calls. DL4J's worker builds a new
 * {@code ComputationGraph} from the broadcast configuration in every call (and its SameDiff layers rebuild their
 * graphs and workspaces on the first fit); here each executor JVM keeps the graphs it built, per training master,
 * and a task takes one that no other task of the same call holds, then copies in the broadcast parameters, updater
 * state and iteration/epoch counts: the same state a fresh network would have, so training is bit-identical (tested).
 * Everything else (data layout, persist + count, splits, averaging, results) is DL4J's.
 */
public final class ReusingParameterAveraging extends ParameterAveragingTrainingMaster {
    /** Executor-JVM pool: master id -> networks built for it. */
    private static final Map<String, List<Slot>> POOL = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final int accumulation;
    private final double maxNorm;
    private int call;

    /**
     * {@code accumulation}: minibatches whose gradients each worker sums before one update (1: DL4J's fit per
     * minibatch); {@code maxNorm}: the global-norm clip of those summed updates (0 = off).
     */
    public ReusingParameterAveraging(ParameterAveragingTrainingMaster.Builder b, int accumulation, double maxNorm) {
        super(b);
        this.accumulation = accumulation;
        this.maxNorm = maxNorm;
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        ComputationGraph net = graph.getNetwork();
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getConfiguration(), net.params(),
                net.getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
        WorkerConfiguration wc = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new Worker(broadcast, saveUpdater, wc, trainingHookList, listeners, id, ++call, accumulation, maxNorm);
    }

    /** Drops this master's networks from this JVM's pool (local mode; executors drop theirs when they exit). */
    public void releaseLocal() {
        POOL.remove(id);
    }

    private static final class Slot {
        final ComputationGraph net;
        final GradientSum sum = new GradientSum();
        int call;

        Slot(ComputationGraph net, int call) {
            this.net = net;
            this.call = call;
        }
    }

    private static final class Worker extends ParameterAveragingTrainingWorker {
        private static final long serialVersionUID = 1L;
        private final Broadcast<NetBroadcastTuple> tuple;
        private final Collection<TrainingListener> workerListeners;
        private final String masterId;
        private final int call;
        private final int accumulation;
        private final double maxNorm;
        private transient Slot slot;
        private transient int inRound;
        private final Collection<TrainingHook> hooks;

        Worker(Broadcast<NetBroadcastTuple> b, boolean saveUpdater, WorkerConfiguration wc,
               Collection<TrainingHook> hooks, Collection<TrainingListener> listeners, String masterId, int call,
               int accumulation, double maxNorm) {
            super(b, saveUpdater, wc, hooks, listeners, null);
            this.tuple = b;
            this.workerListeners = listeners;
            this.masterId = masterId;
            this.call = call;
            this.accumulation = accumulation;
            this.maxNorm = maxNorm;
            this.hooks = hooks;
        }

        /**
         * One minibatch: DL4J's fit when there is no accumulation; else its raw gradient is summed
         * ({@link GradientStep}) and every {@code accumulation}-th minibatch applies the sum in one update.
         */
        @Override
        public ParameterAveragingTrainingResult processMinibatch(org.nd4j.linalg.dataset.api.MultiDataSet ds,
                                                                 ComputationGraph graph, boolean isLast) {
            if (accumulation == 1) {
                return super.processMinibatch(ds, graph, isLast);
            }
            if (hooks != null) {
                hooks.forEach(h -> h.preUpdate(ds, graph));
            }
            GradientStep.accumulate(graph, ds, slot.sum);
            if (++inRound == accumulation) {
                GradientStep.apply(graph, slot.sum.gradient(), slot.sum.examples(), slot.sum.tokens(), maxNorm);
                slot.sum.reset();
                inRound = 0;
            }
            if (hooks != null) {
                hooks.forEach(h -> h.postUpdate(ds, graph));
            }
            Nd4j.getExecutioner().commit();
            return isLast ? getFinalResult(graph) : null;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            NetBroadcastTuple t = tuple.getValue();
            slot = take(t);
            slot.sum.reset();
            inRound = 0;
            ComputationGraph net = slot.net;
            net.setParams(t.getParameters()); // copies into the network's own parameter view
            if (t.getUpdaterState() != null) {
                net.getUpdater().getStateViewArray().assign(t.getUpdaterState());
            }
            net.getConfiguration().setIterationCount(t.getGraphConfiguration().getIterationCount());
            net.getConfiguration().setEpochCount(t.getGraphConfiguration().getEpochCount());
            net.setListeners(workerListeners == null ? new ArrayList<>() : new ArrayList<>(workerListeners));
            Nd4j.getExecutioner().commit();
            return net;
        }

        private Slot take(NetBroadcastTuple t) {
            List<Slot> slots = POOL.computeIfAbsent(masterId, k -> new ArrayList<>());
            synchronized (slots) {
                for (Slot s : slots) {
                    if (s.call != call) {
                        s.call = call;
                        return s;
                    }
                }
            }
            ComputationGraph net = new ComputationGraph(t.getGraphConfiguration().clone());
            net.init(t.getParameters().dup(), false);
            Slot s = new Slot(net, call);
            synchronized (slots) {
                slots.add(s);
            }
            return s;
        }
    }
}
