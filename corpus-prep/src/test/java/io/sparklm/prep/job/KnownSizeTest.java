package io.sparklm.prep.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;

/**
 * The shuffle records' stated sizes (KnownSizeEstimation, which stops Spark's reflective walk) equal what Spark's
 * SizeEstimator measures by walking a plain object of the same shape.
 */
class KnownSizeTest {
    // same fields as the records, without KnownSizeEstimation, so SizeEstimator walks them
    record PlainTokDoc(String hash, boolean validation, int[] tokens, int[] segmentEnds, long tokenCount) {}

    record PlainDocCopies(PlainTokDoc doc, long copies) {}

    record PlainDocKey(long order, String hash) {}

    record PlainShardKey(int shard, PieceKey key) {}

    static final String HASH = "0123456789abcdef0123456789abcdef";

    @Test
    void tokDocAndDocCopiesMatchTheWalk() {
        for (int n : new int[] {0, 1, 7, 1000}) {
            int[] tokens = new int[n];
            TokDoc clm = new TokDoc(HASH, false, tokens, null, n);
            assertEquals(SizeEstimator.estimate(new PlainTokDoc(HASH, false, tokens, null, n)), clm.estimatedSize());
            int[] ends = new int[n / 3 + 1];
            TokDoc mlm = new TokDoc(HASH, true, tokens, ends, n);
            PlainTokDoc plainMlm = new PlainTokDoc(HASH, true, tokens, ends, n);
            assertEquals(SizeEstimator.estimate(plainMlm), mlm.estimatedSize());
            assertEquals(SizeEstimator.estimate(new PlainDocCopies(plainMlm, 3)), new DocCopies(mlm, 3).estimatedSize());
        }
        assertEquals(SizeEstimator.estimate(new PlainDocCopies(null, 5)), new DocCopies(null, 5).estimatedSize());
    }

    @Test
    void keysMatchTheWalk() {
        for (String h : new String[] {HASH, "", "\0too_long", "caf\u00e9", "\u4e2d\u6587\u2014x"}) {
            assertEquals(SizeEstimator.estimate(new PlainDocKey(42L, h)), new DocKey(42L, h).estimatedSize(), h);
        }
        PieceKey k = new PieceKey(-7L, 12L, 3);
        assertEquals(SizeEstimator.estimate(new PlainShardKey(2, k)), new ShardKey(2, k).estimatedSize());
    }
}
