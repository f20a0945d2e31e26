package io.sparklm.prep.job;

import io.sparklm.prep.seq.Piece;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Iterator;

/** Spark step: a {@link PartitionPacker} over each dedup partition. */
public final class PackClm
        implements Function2<Integer, Iterator<Tuple2<DocKey, DedupValue>>, Iterator<Tuple2<ShardKey, Piece>>> {
    private final ClmLayout layout;

    public PackClm(ClmLayout layout) {
        this.layout = layout;
    }

    @Override
    public Iterator<Tuple2<ShardKey, Piece>> call(Integer partition, Iterator<Tuple2<DocKey, DedupValue>> entries) {
        return new PartitionPacker(layout, partition, entries);
    }
}
