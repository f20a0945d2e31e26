package io.sparklm.prep.job;

import io.sparklm.prep.seq.Piece;
import io.sparklm.shard.ShardFormat;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The shards one job writes, numbered globally: the splits' shard ranges in order (train first), each written by
 * its split's {@link ShardSink}; shard {@code g} of the job is shard {@code g - first} of its split.
 */
public final class ShardPlan implements Serializable {
    private final List<Integer> first = new ArrayList<>(List.of(0));
    private final List<ShardSink> sinks = new ArrayList<>();

    /** Appends a split of {@code shards} (at least 1) written by {@code sink}; returns its first global shard. */
    public int add(int shards, ShardSink sink) {
        if (shards < 1) {
            throw new IllegalArgumentException("a split needs at least one shard: " + shards);
        }
        int start = total();
        first.add(start + shards);
        sinks.add(sink);
        return start;
    }

    /** Shards of all splits. */
    public int total() {
        return first.get(first.size() - 1);
    }

    public boolean isEmpty() {
        return sinks.isEmpty();
    }

    /** Writes global shard {@code shard} from its sorted pieces; null when there are none. */
    public ShardResult write(int shard, Iterator<? extends Tuple2<?, Piece>> pieces) throws IOException {
        int i = 0;
        while (shard >= first.get(i + 1)) {
            i++;
        }
        return sinks.get(i).write(shard - first.get(i), pieces);
    }

    /** Shards for {@code records} records of {@code recordBytes} each at about {@code shardMb} MiB per shard (1..100,000). */
    public static int shardCount(long records, long recordBytes, int shardMb) {
        long perShard = Math.max(1, ((long) shardMb << 20) / recordBytes);
        return (int) Math.min(100_000, Math.max(1, (records + perShard - 1) / perShard));
    }

    /** {@link #shardCount(long, long, int)} for records of the shard format with these settings. */
    public static int shardCount(long records, int seqLen, int vocabSize, boolean labels, boolean nsp, int shardMb) {
        return shardCount(records, ShardFormat.recordBytes(seqLen, vocabSize, labels, nsp), shardMb);
    }
}
