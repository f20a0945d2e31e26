package io.sparklm.prep.job;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one place that makes a SparkContext for CLIs: never hard-codes a master (the launcher passes
 * -Dspark.master); when none is set, falls back to local[*] with a log line. Kryo with {@link PrepKryo} unless
 * spark.serializer is set. Reuses an active context (tests); a context it creates logs each stage's progress
 * ({@link StageProgress}).
 */
public final class SparkContexts {
    /** A context and whether the caller created it (and so must stop it). */
    public record Handle(JavaSparkContext sc, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                sc.stop();
            }
        }
    }

    /** How often a running stage logs its progress, in milliseconds. */
    static final long STAGE_LOG_MILLIS = 10_000;

    private SparkContexts() {}

    public static Handle open(String appName) {
        SparkConf conf = PrepKryo.configure(new SparkConf().setAppName(appName));
        if (!conf.contains("spark.master")) {
            Progress.log("spark.master not set; using local[*]");
            conf.setMaster("local[*]");
        }
        boolean existed = org.apache.spark.SparkContext$.MODULE$.getActive().isDefined();
        SparkContext sc = SparkContext.getOrCreate(conf);
        if (!existed) {
            sc.addSparkListener(new StageProgress(STAGE_LOG_MILLIS));
        }
        return new Handle(JavaSparkContext.fromSparkContext(sc), !existed);
    }
}
