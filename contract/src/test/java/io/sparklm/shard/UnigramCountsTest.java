package io.sparklm.shard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnigramCountsTest {
    @Test
    void entropyOfKnownDistributions() {
        assertEquals(0.0, UnigramCounts.entropy(new long[] {5, 0, 0}), 1e-12);
        assertEquals(Math.log(4), UnigramCounts.entropy(new long[] {3, 3, 3, 3}), 1e-12);
        assertEquals(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), UnigramCounts.entropy(new long[] {3, 1}),
                1e-12);
        assertEquals(0.0, UnigramCounts.entropy(new long[] {0, 0}), 0.0);
    }

    @Test
    void countsNonPaddingIdsInsideTheVocabularyOnly() {
        UnigramCounts c = new UnigramCounts(4, 0);
        c.add(new int[] {0, 0, 1, 2, 3, 3, -1, 4, 9});
        assertEquals(4, c.tokens(), "pad 0, -1 and ids >= 4 are not counted");
        assertEquals(-(0.25 * Math.log(0.25) * 2 + 0.5 * Math.log(0.5)), c.entropyNats(), 1e-12);
        UnigramCounts noPad = new UnigramCounts(4, -1);
        noPad.add(new int[] {0, 1, 2, 3});
        assertEquals(Math.log(4), noPad.entropyNats(), 1e-12);
    }
}
