package io.sparklm.prep.job;

import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;

/** Spark step: a piece of a split keyed by its job-wide shard ({@code firstShard} + its shard among {@code shards}). */
public final class ToShardKey implements PairFunction<Tuple2<PieceKey, Piece>, ShardKey, Piece> {
    private final int firstShard;
    private final int shards;

    public ToShardKey(int firstShard, int shards) {
        this.firstShard = firstShard;
        this.shards = shards;
    }

    @Override
    public Tuple2<ShardKey, Piece> call(Tuple2<PieceKey, Piece> t) {
        return new Tuple2<>(new ShardKey(firstShard + t._1().shard(shards), t._1()), t._2());
    }
}
