package io.sparklm.train.engine;

import io.sparklm.train.RunSettings;
import org.apache.spark.SparkConf;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * Builds the DL4J training master of a run with every setting explicit: Direct RDD approach, no repartitioning
 * (our RDD already has one partition per worker, so batch assignment is deterministic), saveUpdater=true
 * (the builder's default is false), prefetch, workers that keep their networks between calls, and for gradient
 * sharing the Aeron/VoidConfiguration addresses.
 */
public final class TrainingMasters {
    /**
     * Aeron system properties for driver and executors. DL4J sets a 30 s client liveness timeout, which Aeron
     * rejects against its default 15 s publication unblock timeout. DL4J's embedded media driver maps an
     * 8 MB directory under /dev/shm (a RAM file system) per JVM and never deletes it: with delete-on-shutdown, its
     * close at JVM exit removes it instead of leaving one behind per run on every node. Sorted by name, so the
     * options written to a SparkConf come out in one order.
     */
    public static final java.util.SortedMap<String, String> AERON_PROPERTIES =
            java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(java.util.Map.of(
                    "aeron.publication.unblock.timeout", "60000000000",
                    "aeron.dir.delete.on.shutdown", "true")));

    private TrainingMasters() {}

    /**
     * The run's training master; {@code maxNorm}: the global-norm clip of accumulated averaging updates;
     * {@code lr}: the learning-rate schedule gradient sharing scales its encoding threshold by (null: the threshold
     * starts at 1e-3 and is adapted by DL4J's algorithm).
     */
    public static TrainingMaster build(RunSettings r, double maxNorm, org.nd4j.linalg.schedule.ISchedule lr) {
        if (r.trainer().equals("shared")) {
            applyAeronSystemProperties();
            VoidConfiguration voidConf = VoidConfiguration.builder()
                    .portSupplier(new SharedPorts(r.sharedPort()))
                    .networkMask(r.sharedNetworkMask())
                    .controllerAddress(r.sharedControllerAddress())
                    .build();
            return new SharedTrainingMaster.Builder(voidConf, r.workers(),
                    lr != null ? new LrScaledThreshold(lr, r.sharedThreshold())
                            : new AdaptiveThresholdAlgorithm(1e-3), r.batchSizePerWorker())
                    .batchSizePerWorker(r.batchSizePerWorker())
                    .workersPerNode(r.sharedWorkersPerNode())
                    .workerPrefetchNumBatches(r.prefetch())
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartitionData(Repartition.Never)
                    .repartitionStrategy(RepartitionStrategy.Balanced)
                    .rngSeed(r.seed())
                    .collectTrainingStats(false)
                    .build();
        }
        return parameterAveraging(r, true, maxNorm);
    }

    /**
     * Parameter averaging; {@code reuseWorkerNets}: workers keep their networks between Spark calls
     * ({@link ReusingParameterAveraging}, the default) instead of DL4J's rebuild per call; {@code maxNorm}: the
     * global-norm clip of accumulated updates (grad-accum-steps > 1; single minibatches clip through the listener).
     */
    public static ParameterAveragingTrainingMaster parameterAveraging(RunSettings r, boolean reuseWorkerNets,
                                                                      double maxNorm) {
        // DL4J counts the averaging frequency in minibatches; with accumulation a step is several of them
        ParameterAveragingTrainingMaster.Builder b = new ParameterAveragingTrainingMaster.Builder(r.workers(),
                r.batchSizePerWorker())
                .batchSizePerWorker(r.batchSizePerWorker())
                .averagingFrequency(r.averagingFrequency() * r.gradAccumSteps())
                .workerPrefetchNumBatches(r.prefetch())
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .repartitionStrategy(RepartitionStrategy.Balanced)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(r.seed())
                .collectTrainingStats(false);
        if (!reuseWorkerNets && r.gradAccumSteps() > 1) {
            throw new IllegalArgumentException("gradient accumulation needs the reusing parameter-averaging workers");
        }
        return reuseWorkerNets ? new ReusingParameterAveraging(b, r.gradAccumSteps(), maxNorm) : b.build();
    }

    /** Sets {@link #AERON_PROPERTIES} in this JVM (driver, and executors in local mode) where absent. */
    public static void applyAeronSystemProperties() {
        AERON_PROPERTIES.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    /** Adds each of {@link #AERON_PROPERTIES} as {@code -Dk=v} to spark.driver/executor.extraJavaOptions unless set. */
    public static SparkConf withAeronOptions(SparkConf conf) {
        for (String key : new String[] {"spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"}) {
            StringBuilder opts = new StringBuilder(conf.get(key, ""));
            AERON_PROPERTIES.forEach((k, v) -> {
                if (!opts.toString().contains("-D" + k + "=")) {
                    opts.append(opts.length() > 0 ? " " : "").append("-D").append(k).append('=').append(v);
                }
            });
            conf.set(key, opts.toString());
        }
        return conf;
    }
}
