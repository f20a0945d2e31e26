package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.InputOptions;
import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.prep.read.InputPlan;
import io.sparklm.prep.read.InputPlanner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;

/** Reading and cleaning as Spark wiring: input splits planned on the driver, one {@link CleanRecord} per input record. */
public final class CorpusReader {
    private CorpusReader() {}

    /** Plans the input splits of {@code in} on the driver ({@link InputPlanner#plan(InputOptions, org.apache.hadoop.conf.Configuration, int)}). */
    public static InputPlan plan(JavaSparkContext sc, InputOptions in) throws IOException {
        InputPlan plan = InputPlanner.plan(in, sc.hadoopConfiguration(), sc.defaultParallelism());
        Progress.log("planned %d input splits, %.1f MB", plan.splits().size(), plan.bytes() / 1e6);
        return plan;
    }

    /** The clean records of {@code plan}'s splits, in split order within each read task. */
    public static JavaRDD<CleanRecord> read(JavaSparkContext sc, InputOptions in, InputPlan plan) {
        return sc.parallelize(plan.splits(), plan.readTasks(in.splitMb(), sc.defaultParallelism()))
                .mapPartitions(new ReadSplits(in, HadoopConf.of(sc.hadoopConfiguration())));
    }
}
