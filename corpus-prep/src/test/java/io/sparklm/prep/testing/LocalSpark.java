package io.sparklm.prep.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Test fixture: one shared Spark local[2] context per test JVM (127.0.0.1, no UI, the job's Kryo setup), created on first use. */
public final class LocalSpark {
    private static JavaSparkContext sc;

    private LocalSpark() {}

    public static synchronized JavaSparkContext get() {
        if (sc == null || sc.sc().isStopped()) {
            SparkConf conf = io.sparklm.prep.job.PrepKryo.configure(new SparkConf().setMaster("local[2]").setAppName("sparklm-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.default.parallelism", "4"));
            sc = new JavaSparkContext(conf);
        }
        return sc;
    }
}
