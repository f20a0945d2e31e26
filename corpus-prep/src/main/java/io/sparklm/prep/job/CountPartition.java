package io.sparklm.prep.job;

import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;

/** Spark step: the {@link PartStats} of one partition of deduplicated entries. */
public final class CountPartition
        implements Function2<Integer, Iterator<Tuple2<DocKey, DedupValue>>, Iterator<PartStats>> {
    @Override
    public Iterator<PartStats> call(Integer partition, Iterator<Tuple2<DocKey, DedupValue>> entries) {
        PartStats st = new PartStats(partition);
        entries.forEachRemaining(t -> st.add(t._2()));
        return List.of(st).iterator();
    }
}
