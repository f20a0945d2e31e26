package io.sparklm.prep.job;

import io.sparklm.prep.seq.Piece;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Spark step: writes the shard of each partition (partition index = global shard index of a {@link ShardPlan}). */
public final class WriteShards implements Function2<Integer, Iterator<Tuple2<ShardKey, Piece>>, Iterator<ShardResult>> {
    private final ShardPlan plan;

    public WriteShards(ShardPlan plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<ShardResult> call(Integer shard, Iterator<Tuple2<ShardKey, Piece>> pieces) throws Exception {
        ShardResult r = plan.write(shard, pieces);
        return r == null ? Collections.emptyIterator() : List.of(r).iterator();
    }

    /** Shuffles {@code pieces} to their shards (sorted by piece key) and writes them, in one job. */
    static List<ShardResult> run(JavaPairRDD<ShardKey, Piece> pieces, ShardPlan plan) {
        return new ArrayList<>(pieces.repartitionAndSortWithinPartitions(new ShardPartitioner(plan.total()))
                .mapPartitionsWithIndex(new WriteShards(plan), true).collect());
    }
}
