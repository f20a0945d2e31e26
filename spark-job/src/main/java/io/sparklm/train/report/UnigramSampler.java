package io.sparklm.train.report;

import io.sparklm.batch.BlockPlan;
import io.sparklm.shard.ShardReader;
import io.sparklm.shard.UnigramCounts;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the {@link UnigramBaseline} of a training split at the start of a run, reading at most
 * {@code budgetTokens} sequence positions whatever the data size: all shards when the split fits (exact), else
 * the first records of up to {@link #MAX_SHARDS} shards spread evenly over the split (records within a shard are
 * in a seeded shuffled order, so a shard's first records are a random sample of it). The sample's plug-in
 * estimate is low by about (distinct tokens - 1) / (2 x tokens read) nats: under 0.01 for a 50k vocabulary and
 * the default budget. Counts as {@code sparklm inspect} does ({@link UnigramCounts}).
 */
public final class UnigramSampler {
    /** Default budget: 4 Mi positions, one sequential read of at most 64 shards (all 2.8 M of quickstart: 0.3 s). */
    public static final long DEFAULT_BUDGET_TOKENS = 1L << 22;
    /** The most shards a sample opens (one open and one sequential read each). */
    public static final int MAX_SHARDS = 64;

    private UnigramSampler() {}

    /** The baseline of {@code shards} (URIs and record counts of the training split) of sequences of seqLen. */
    public static UnigramBaseline measure(FileSystem fs, List<BlockPlan.Shard> shards, int seqLen,
                                          long budgetTokens) throws IOException {
        long total = 0;
        for (BlockPlan.Shard s : shards) {
            total += s.records() * seqLen;
        }
        boolean exact = total <= budgetTokens;
        List<BlockPlan.Shard> chosen = exact ? shards : spread(shards);
        long perShard = exact ? Long.MAX_VALUE : Math.max(1, budgetTokens / seqLen / chosen.size());
        UnigramCounts counts = null;
        for (BlockPlan.Shard s : chosen) {
            try (ShardReader r = ShardReader.open(fs, new Path(s.uri()))) {
                if (counts == null) {
                    counts = new UnigramCounts(r.header().vocabSize(), r.header().padId());
                }
                for (long i = 0; i < perShard && r.hasNext(); i++) {
                    counts.add(r.next().inputIds());
                }
            }
        }
        return counts == null ? new UnigramBaseline(Double.NaN, 0, total, exact)
                : new UnigramBaseline(counts.entropyNats(), counts.tokens(), total, exact);
    }

    /** Up to MAX_SHARDS shards at evenly spaced positions of the split (all of them when there are fewer). */
    static List<BlockPlan.Shard> spread(List<BlockPlan.Shard> shards) {
        int k = Math.min(MAX_SHARDS, shards.size());
        List<BlockPlan.Shard> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(shards.get((int) ((long) i * shards.size() / k)));
        }
        return out;
    }
}
