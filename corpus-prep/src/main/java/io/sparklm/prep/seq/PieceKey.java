package io.sparklm.prep.seq;

import java.io.Serializable;

/** Sort key of a {@link Piece}: shuffled order {@code order = mix(seed, id)}, then id, then offset. Shard = order mod shards. */
public record PieceKey(long order, long id, int offset) implements Comparable<PieceKey>, Serializable {
    @Override
    public int compareTo(PieceKey o) {
        int c = Long.compareUnsigned(order, o.order);
        if (c != 0) {
            return c;
        }
        c = Long.compare(id, o.id);
        return c != 0 ? c : Integer.compare(offset, o.offset);
    }

    /** Shard index in [0, shards). */
    public int shard(int shards) {
        return (int) Long.remainderUnsigned(order, shards);
    }
}
