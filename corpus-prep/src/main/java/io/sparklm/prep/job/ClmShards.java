package io.sparklm.prep.job;

import io.sparklm.prep.PrepConfig;
import org.apache.spark.api.java.JavaPairRDD;

import java.util.ArrayList;
import java.util.List;

/** clm as Spark wiring: both splits packed in one pass over the dedup partitions, their shards written in one job. */
final class ClmShards {
    private ClmShards() {}

    /** Writes the clm shards of {@code deduped} (counted in {@code totals}); none for a split without a complete window. */
    static List<ShardResult> write(JavaPairRDD<DocKey, DedupValue> deduped, DedupTotals totals, PrepConfig cfg,
                                   ShardOutput out) {
        int seqLen = cfg.seqLen();
        ClmLayout layout = ClmLayout.of(totals, seqLen, cfg.seed(),
                windows -> ShardPlan.shardCount(windows, seqLen, out.vocabSize(), false, false, cfg.shardMb()));
        ShardPlan plan = new ShardPlan();
        for (int s = 0; s < 2; s++) {
            if (layout.shards()[s] > 0) {
                plan.add(layout.shards()[s], out.sink(s == 1 ? "validation" : "train", "clm", seqLen, false, false));
            }
        }
        if (plan.isEmpty()) {
            return new ArrayList<>();
        }
        return WriteShards.run(JavaPairRDD.fromJavaRDD(deduped.mapPartitionsWithIndex(new PackClm(layout), true)), plan);
    }
}
