package io.sparklm.train;

import io.sparklm.train.engine.TrainingMasters;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A training job's SparkContext: the given one (tests, an embedding application), or one created on first use
 * with the Aeron options gradient sharing needs, and stopped by {@link #stopIfOwned}.
 */
public final class LazySpark {
    private JavaSparkContext sc;
    private final boolean given;
    private final String appName;

    /** {@code sc}: a context to use, or null to create one named {@code appName} when first asked. */
    public LazySpark(JavaSparkContext sc, String appName) {
        this.sc = sc;
        this.given = sc != null;
        this.appName = appName;
    }

    public JavaSparkContext context() {
        if (sc == null) {
            sc = new JavaSparkContext(TrainingMasters.withAeronOptions(new SparkConf().setAppName(appName)));
        }
        return sc;
    }

    /**
     * Runs a trainer that asks this object for Spark, then stops a context this object created, unless the run
     * stalled (stopping would wait forever on the stalled tasks).
     */
    public Outcome train(Trainer.Setup setup, org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path output)
            throws java.io.IOException {
        Outcome o = null;
        try {
            o = new Trainer(setup, fs, output, this::context).run();
            return o;
        } finally {
            if (o == null || o.exitCode() != io.sparklm.cli.ExitCodes.STALLED) {
                stopIfOwned();
            }
        }
    }

    /** Stops the context when this object created it. */
    public void stopIfOwned() {
        if (!given && sc != null) {
            sc.stop();
        }
    }
}
