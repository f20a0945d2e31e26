package io.sparklm.prep.job;

import io.sparklm.prep.seq.ClmPacker;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import scala.Tuple2;

import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.LongToIntFunction;

/**
 * Where clm windows come from and go, per split (0 = train, 1 = validation): the split's token line is its
 * documents in the seeded order, each partition holding a consecutive slice that starts at {@code tokensBefore};
 * its complete windows of {@code seqLen} tokens (the incomplete tail is dropped) go to the split's shards,
 * numbered from {@code firstShard} in the job; a split without a complete window has 0 shards.
 */
public record ClmLayout(int seqLen, long seed, long[] windows, int[] shards, int[] firstShard, long[][] tokensBefore)
        implements Serializable {
    /** The layout of {@code totals}; {@code shardsFor} gives the shard count of a split with that many windows. */
    public static ClmLayout of(DedupTotals totals, int seqLen, long seed, LongToIntFunction shardsFor) {
        int partitions = totals.partitions();
        long[] windows = new long[2];
        int[] shards = new int[2];
        int[] first = new int[2];
        long[][] before = new long[2][partitions];
        int next = 0;
        for (int s = 0; s < 2; s++) {
            windows[s] = totals.tokens(s) / seqLen;
            shards[s] = windows[s] > 0 ? shardsFor.applyAsInt(windows[s]) : 0;
            first[s] = next;
            next += shards[s];
            for (int p = 0; p < partitions; p++) {
                before[s][p] = totals.tokensBefore(s, p);
            }
        }
        return new ClmLayout(seqLen, seed, windows, shards, first, before);
    }

    /** A packer for split {@code split}'s slice in partition {@code partition}, emitting pieces to {@code out}. */
    public ClmPacker packer(int split, int partition, Consumer<Piece> out) {
        return new ClmPacker(tokensBefore[split][partition], seqLen, windows[split], out);
    }

    /** The shuffle record of a piece of split {@code split}: its job-wide shard and its order within the shard. */
    public Tuple2<ShardKey, Piece> keyed(int split, Piece p) {
        PieceKey k = PieceKey.clm(seed, p);
        return new Tuple2<>(new ShardKey(firstShard[split] + k.shard(shards[split]), k), p);
    }
}
