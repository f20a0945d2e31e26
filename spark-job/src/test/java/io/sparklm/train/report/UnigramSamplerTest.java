package io.sparklm.train.report;

import io.sparklm.batch.BlockPlan;
import io.sparklm.shard.ShardRecord;
import io.sparklm.shard.ShardWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unigram baseline from all training tokens when they fit the budget, else from a spread sample. */
class UnigramSamplerTest {
    private static final int SEQ = 8;
    private static final int PAD = 0;

    @TempDir
    java.nio.file.Path tmp;

    /** {@code n} shards of {@code records} records; shard k holds ids 1 + 2k and 2 + 2k, half each, and padding. */
    private List<BlockPlan.Shard> shards(FileSystem fs, int n, int records) throws Exception {
        List<BlockPlan.Shard> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ShardWriter w = new ShardWriter("clm", SEQ, 2 * n + 1, false, false, PAD);
            for (int r = 0; r < records; r++) {
                int[] ids = {1 + 2 * k, 2 + 2 * k, 1 + 2 * k, 2 + 2 * k, PAD, 1 + 2 * k, 2 + 2 * k, PAD};
                w.add(new ShardRecord(ids, null, new int[SEQ], -1));
            }
            Path p = new Path(tmp.resolve("shard-" + k).toUri());
            w.writeTo(fs, p);
            out.add(new BlockPlan.Shard(p.toString(), records));
        }
        return out;
    }

    @Test
    void aSplitWithinTheBudgetIsCountedExactlyWithoutPadding() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        UnigramBaseline b = UnigramSampler.measure(fs, shards(fs, 3, 10), SEQ, 3 * 10 * SEQ);
        assertTrue(b.exact());
        assertEquals(3 * 10 * 6, b.tokens(), "6 non-padding ids per record");
        assertEquals(3 * 10 * SEQ, b.trainTokens());
        assertEquals(Math.log(6), b.nats(), 1e-12, "6 ids, equally frequent");
        assertEquals("all 180 training tokens", b.describe());
    }

    @Test
    void aLargerSplitIsSampledFromShardsSpreadOverIt() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        List<BlockPlan.Shard> shards = shards(fs, 4, 50);
        UnigramBaseline b = UnigramSampler.measure(fs, shards, SEQ, 4 * 5 * SEQ);
        assertFalse(b.exact());
        assertEquals(4 * 5 * 6, b.tokens(), "5 records from each of the 4 shards");
        assertEquals(4 * 50 * SEQ, b.trainTokens());
        assertEquals(Math.log(8), b.nats(), 1e-12, "every shard's ids are in the sample");
        assertTrue(b.describe().startsWith("a sample of 120 of 1,600"), b.describe());
    }

    @Test
    void atMostMaxShardsEvenlySpreadIncludingTheFirst() {
        List<BlockPlan.Shard> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new BlockPlan.Shard("s" + i, 1));
        }
        List<BlockPlan.Shard> picked = UnigramSampler.spread(many);
        assertEquals(UnigramSampler.MAX_SHARDS, picked.size());
        assertEquals("s0", picked.get(0).uri());
        assertEquals("s196", picked.get(63).uri(), "63 * 200 / 64 = 196: the last pick is near the end");
        assertEquals(many.subList(0, 5), UnigramSampler.spread(many.subList(0, 5)));
    }
}
