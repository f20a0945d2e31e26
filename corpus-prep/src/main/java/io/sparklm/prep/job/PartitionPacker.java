package io.sparklm.prep.job;

import io.sparklm.prep.seq.ClmPacker;
import io.sparklm.prep.seq.Piece;
import scala.Tuple2;

import java.util.Iterator;

/**
 * clm packing of one dedup partition: its documents (in the seeded order) go to their split's {@link ClmPacker}
 * at the offsets of the {@link ClmLayout}, and every piece comes out keyed by its shard. Documents of a split
 * without shards, documents without tokens and the skip counts produce nothing.
 */
public final class PartitionPacker extends PartitionFlatMap<Tuple2<DocKey, DedupValue>, Tuple2<ShardKey, Piece>> {
    private final ClmLayout layout;
    private final int partition;
    private final ClmPacker[] packers = new ClmPacker[2];

    public PartitionPacker(ClmLayout layout, int partition, Iterator<Tuple2<DocKey, DedupValue>> entries) {
        super(entries);
        this.layout = layout;
        this.partition = partition;
    }

    @Override
    protected void process(Tuple2<DocKey, DedupValue> entry) {
        if (!(entry._2() instanceof DocCopies c) || c.doc().tokenCount() == 0) {
            return;
        }
        int split = c.doc().validation() ? 1 : 0;
        if (layout.shards()[split] == 0) {
            return;
        }
        if (packers[split] == null) {
            packers[split] = layout.packer(split, partition, p -> emit(layout.keyed(split, p)));
        }
        packers[split].add(c.doc().tokens());
    }

    @Override
    protected void finish() {
        for (ClmPacker p : packers) {
            if (p != null) {
                p.flush();
            }
        }
    }
}
