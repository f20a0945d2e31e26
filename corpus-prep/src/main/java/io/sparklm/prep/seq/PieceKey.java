package io.sparklm.prep.seq;

import io.sparklm.rng.Rng;

import java.io.Serializable;

/** Sort key of a {@link Piece}: shuffled order {@code order = mix(seed, id)}, then id, then offset. Shard = order mod shards. */
public record PieceKey(long order, long id, int offset) implements Comparable<PieceKey>, Serializable {
    /** The key of a clm window piece (its window index and offset within the window) under {@code seed}. */
    public static PieceKey clm(long seed, Piece p) {
        return new PieceKey(Rng.mix(seed, 0xC1L, p.id()), p.id(), p.offset());
    }

    /** The key of an mlm instance (always one whole piece) under {@code seed}. */
    public static PieceKey mlm(long seed, Piece p) {
        return new PieceKey(Rng.mix(seed, 0x3A1L, p.id()), p.id(), 0);
    }

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
