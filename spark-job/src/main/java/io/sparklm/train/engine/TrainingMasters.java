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
    /** Aeron needs this on driver and executors (stack.md): DL4J's 30 s client liveness vs Aeron's 15 s default. */
    public static final String AERON_FLAG = "-Daeron.publication.unblock.timeout=60000000000";

    private TrainingMasters() {}

    public static TrainingMaster build(RunSettings r) {
        if (r.trainer().equals("shared")) {
            applyAeronSystemProperty();
            VoidConfiguration voidConf = VoidConfiguration.builder()
                    .unicastPort(r.sharedPort())
                    .networkMask(r.sharedNetworkMask())
                    .controllerAddress(r.sharedControllerAddress())
                    .build();
            return new SharedTrainingMaster.Builder(voidConf, r.workers(),
                    new AdaptiveThresholdAlgorithm(r.sharedThreshold()), r.batchSizePerWorker())
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
        return parameterAveraging(r, true);
    }

    /**
     * Parameter averaging; {@code reuseWorkerNets}: workers keep their networks between Spark calls
     * ({@link ReusingParameterAveraging}, the default) instead of DL4J's rebuild per call.
     */
    public static ParameterAveragingTrainingMaster parameterAveraging(RunSettings r, boolean reuseWorkerNets) {
        ParameterAveragingTrainingMaster.Builder b = new ParameterAveragingTrainingMaster.Builder(r.workers(),
                r.batchSizePerWorker())
                .batchSizePerWorker(r.batchSizePerWorker())
                .averagingFrequency(r.averagingFrequency())
                .workerPrefetchNumBatches(r.prefetch())
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .repartitionStrategy(RepartitionStrategy.Balanced)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(r.seed())
                .collectTrainingStats(false);
        return reuseWorkerNets ? new ReusingParameterAveraging(b) : b.build();
    }

    /** Sets the Aeron property in this JVM (driver, and executors in local mode) when absent. */
    public static void applyAeronSystemProperty() {
        if (System.getProperty("aeron.publication.unblock.timeout") == null) {
            System.setProperty("aeron.publication.unblock.timeout", "60000000000");
        }
    }

    /** Adds the Aeron flag to spark.driver/executor.extraJavaOptions unless already present. */
    public static SparkConf withAeronOptions(SparkConf conf) {
        for (String key : new String[] {"spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"}) {
            String cur = conf.get(key, "");
            if (!cur.contains("aeron.publication.unblock.timeout")) {
                conf.set(key, (cur + " " + AERON_FLAG).strip());
            }
        }
        return conf;
    }
}
