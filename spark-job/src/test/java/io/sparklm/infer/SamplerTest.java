package io.sparklm.infer;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy, top-k, top-p and temperature semantics; seeded determinism. */
class SamplerTest {
    static final double[] P = {0.05, 0.5, 0.3, 0.1, 0.05};

    @Test
    void greedyPicksArgmax() {
        assertEquals(1, new Sampler(0, 0, 1).next(P, new SplittableRandom(1)));
    }

    @Test
    void topKAndTopPRestrictTheSupport() {
        Sampler k2 = new Sampler(1, 2, 1);
        Sampler p07 = new Sampler(1, 0, 0.7);
        SplittableRandom r = new SplittableRandom(3);
        int[] counts = new int[5];
        for (int i = 0; i < 20000; i++) {
            int a = k2.next(P, r);
            assertTrue(a == 1 || a == 2);
            counts[a]++;
            int b = p07.next(P, r);
            assertTrue(b == 1 || b == 2, "0.5 + 0.3 reaches 0.7");
        }
        assertEquals(0.5 / 0.8, counts[1] / 20000.0, 0.02);
    }

    @Test
    void lowTemperatureSharpensAndSeedsRepeat() {
        Sampler cold = new Sampler(0.05, 0, 1);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, cold.next(P, r));
        }
        Sampler warm = new Sampler(1.0, 0, 1);
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertEquals(warm.next(P, a), warm.next(P, b));
        }
        assertThrows(IllegalArgumentException.class, () -> new Sampler(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0, 0));
    }
}
