package io.sparklm.train.engine;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
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
    private int call;

    public ReusingParameterAveraging(ParameterAveragingTrainingMaster.Builder b) {
        super(b);
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        ComputationGraph net = graph.getNetwork();
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getConfiguration(), net.params(),
                net.getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
        WorkerConfiguration wc = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new Worker(broadcast, saveUpdater, wc, trainingHookList, listeners, id, ++call);
    }

    /** Drops this master's networks from this JVM's pool (local mode; executors drop theirs when they exit). */
    public void releaseLocal() {
        POOL.remove(id);
    }

    private static final class Slot {
        final ComputationGraph net;
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

        Worker(Broadcast<NetBroadcastTuple> b, boolean saveUpdater, WorkerConfiguration wc,
               Collection<TrainingHook> hooks, Collection<TrainingListener> listeners, String masterId, int call) {
            super(b, saveUpdater, wc, hooks, listeners, null);
            this.tuple = b;
            this.workerListeners = listeners;
            this.masterId = masterId;
            this.call = call;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            NetBroadcastTuple t = tuple.getValue();
            ComputationGraph net = take(t);
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

        private ComputationGraph take(NetBroadcastTuple t) {
            List<Slot> slots = POOL.computeIfAbsent(masterId, k -> new ArrayList<>());
            synchronized (slots) {
                for (Slot s : slots) {
                    if (s.call != call) {
                        s.call = call;
                        return s.net;
                    }
                }
            }
            ComputationGraph net = new ComputationGraph(t.getGraphConfiguration().clone());
            net.init(t.getParameters().dup(), false);
            synchronized (slots) {
                slots.add(new Slot(net, call));
            }
            return net;
        }
    }
}
