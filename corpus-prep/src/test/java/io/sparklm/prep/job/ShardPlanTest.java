package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import io.sparklm.shard.ShardFormat;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ShardPlanTest {
    @TempDir
    Path dir;

    @Test
    void shardCountFillsShardsOfShardMbAndStaysInRange() {
        long rec = ShardFormat.recordBytes(128, 4096, false, false);
        long perShard = (1L << 20) / rec;
        assertEquals(1, ShardPlan.shardCount(0, 128, 4096, false, false, 1));
        assertEquals(1, ShardPlan.shardCount(perShard, 128, 4096, false, false, 1));
        assertEquals(2, ShardPlan.shardCount(perShard + 1, 128, 4096, false, false, 1));
        assertEquals(100_000, ShardPlan.shardCount(Long.MAX_VALUE / 2, 1 << 20, 1));
    }

    @Test
    void globalShardsMapToTheirSplitsSink() throws Exception {
        SpecialTokens sp = SpecialTokens.of(TestTokenizers.bpe("some text for a tokenizer ".repeat(20), 280));
        ShardOutput out = new ShardOutput(dir.toUri().toString(), sp, 280, HadoopConf.of(new Configuration()));
        ShardPlan plan = new ShardPlan();
        assertTrue(plan.isEmpty());
        assertEquals(0, plan.add(2, out.sink("train", "clm", 4, false, false)));
        assertEquals(2, plan.add(1, out.sink("validation", "clm", 4, false, false)));
        assertEquals(3, plan.total());
        assertThrows(IllegalArgumentException.class, () -> plan.add(0, null));
        Piece p = new Piece(0, 0, new int[]{5, 6, sp.eos(), 7}, null, null, -1);
        ShardResult r = plan.write(2, List.of(new Tuple2<>(PieceKey.clm(1, p), p)).iterator());
        assertEquals("validation/shard-00000.bin", r.path());
        assertEquals(1, r.records());
        assertTrue(Files.exists(dir.resolve("validation/shard-00000.bin")));
        assertNull(plan.write(1, List.<Tuple2<PieceKey, Piece>>of().iterator()), "no pieces, no shard");
    }
}
