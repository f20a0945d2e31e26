package io.sparklm.infer;

import io.sparklm.model.NativeThreads;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV-cache decoding path against the graph: per-position distributions equal the graph's softmax output over a
 * full window (row by row and after a multi-row prefill), and generation with the cache emits exactly the ids of
 * the full-window reference path for 300+ tokens at seq-len 32 (the window shifts many times), greedy, sampling and
 * beam search, with learned and sinusoidal positions, on random-init float GPTs (with dropout layers too, which
 * the cached path skips as inference does).
 */
class KvCacheTest {
    static final int VOCAB = 61;
    static final int SEQ = 32;

    @BeforeAll
    static void oneThread() {
        NativeThreads.one();
    }

    static LoadedModel model(String positional) {
        return model(positional, 0.0);
    }

    /** A random-init float GPT; dropout layers, when there are any, pass activations through in inference. */
    static LoadedModel model(String positional, double dropout) {
        ComputationGraph g = TransformerModel.build(TinyModels.gpt(VOCAB, SEQ, 32, 2, 4, "float", dropout, positional),
                TinyModels.optim(1e-3, 0, 0));
        return new LoadedModel(g, null, null);
    }

    static int[] randomIds(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(VOCAB);
        }
        return ids;
    }

    @ParameterizedTest
    @CsvSource({"learned, 0", "sinusoidal, 0", "learned, 0.1"})
    void everyPositionMatchesTheGraphOutput(String positional, double dropout) {
        LoadedModel m = model(positional, dropout);
        KvForward f = KvForward.of(m.graph());
        int[] ids = randomIds(SEQ, 3);
        INDArray want = m.probabilities(new int[][] {ids}, 0);                            // [1, T, V]
        KvCache rowByRow = f.newCache();
        for (int t = 0; t < SEQ; t++) {
            assertClose(want, t, f.extend(rowByRow, ids, t + 1), "row by row");
        }
        KvCache prefilled = f.newCache();
        assertClose(want, 18, f.extend(prefilled, ids, 19), "prefill of 19 rows");
        assertClose(want, 23, f.extend(prefilled, ids, 24), "then 5 rows");
        assertClose(want, 24, f.extend(prefilled, ids, 25), "then 1 row");
        assertEquals(25, prefilled.length());
        KvCache fork = prefilled.copy();
        assertClose(want, SEQ - 1, f.extend(fork, ids, SEQ), "a copy continues like the original");
    }

    @Test
    void longPrefillWithParallelHeadsMatchesTheGraphOutput() {
        ComputationGraph g = TransformerModel.build(TinyModels.gpt(VOCAB, 128, 64, 1, 4, "float", 0.0),
                TinyModels.optim(1e-3, 0, 0));
        LoadedModel m = new LoadedModel(g, null, null);
        KvForward f = KvForward.of(g);
        int[] ids = randomIds(128, 4);
        INDArray want = m.probabilities(new int[][] {ids}, 0);
        KvCache cache = f.newCache();
        assertClose(want, 99, f.extend(cache, ids, 100), "prefill of 100 rows");
        assertClose(want, 127, f.extend(cache, ids, 128), "then 28 rows");
    }

    static void assertClose(INDArray graphProbs, int t, double[] got, String what) {
        double[] want = graphProbs.get(NDArrayIndex.point(0), NDArrayIndex.point(t), NDArrayIndex.all())
                .toDoubleVector();
        assertEquals(want.length, got.length);
        double sum = 0;
        for (int v = 0; v < want.length; v++) {
            assertEquals(want[v], got[v], 1e-5, what + ": position " + t + " id " + v);
            sum += got[v];
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"learned", "sinusoidal"})
    void cachedGenerationEmitsTheReferenceIds(String positional) {
        LoadedModel m = model(positional);
        Generator cached = new Generator(m, 0, -1);
        Generator reference = Generator.withoutCache(m, 0, -1);
        int[] prompt = randomIds(5, 11);
        int[] greedy = cached.sample(prompt, 320, new Sampler(0, 0, 1), 0);
        assertEquals(320, greedy.length);
        assertArrayEquals(reference.sample(prompt, 320, new Sampler(0, 0, 1), 0), greedy, "greedy");
        Sampler sampler = new Sampler(1.3, 0, 0.95);
        int[] sampled = cached.sample(prompt, 320, sampler, 42);
        assertArrayEquals(reference.sample(prompt, 320, sampler, 42), sampled, "sampling");
        assertTrue(Arrays.stream(sampled).distinct().count() > 10, "sampling explores: " + Arrays.toString(sampled));
        int[] longPrompt = randomIds(SEQ + 9, 12);
        assertArrayEquals(reference.sample(longPrompt, 40, sampler, 7), cached.sample(longPrompt, 40, sampler, 7),
                "prompt longer than seq-len");
        int[] beam = cached.beam(prompt, 300, 3);
        assertEquals(300, beam.length);
        assertArrayEquals(reference.beam(prompt, 300, 3), beam, "beam search, 3 beams");
    }

    @Test
    void stopIdEndsBothPathsAlike() {
        LoadedModel m = model("learned");
        int[] prompt = randomIds(4, 5);
        int[] free = new Generator(m, 0, -1).sample(prompt, 60, new Sampler(1.0, 0, 1), 9);
        int stop = free[free.length / 2];
        int[] cut = new Generator(m, 0, stop).sample(prompt, 60, new Sampler(1.0, 0, 1), 9);
        assertTrue(cut.length <= free.length / 2, "stops at the first " + stop);
        assertArrayEquals(Generator.withoutCache(m, 0, stop).sample(prompt, 60, new Sampler(1.0, 0, 1), 9), cut);
        assertArrayEquals(Generator.withoutCache(m, 0, stop).beam(prompt, 60, 3),
                new Generator(m, 0, stop).beam(prompt, 60, 3));
    }

    @Test
    void doubleGraphsAreRefusedWithAReason() {
        ComputationGraph g = TransformerModel.build(TinyModels.gpt(VOCAB, 8, 16, 1, 2, "double", 0.0),
                TinyModels.optim(1e-3, 0, 0));
        LoadedModel m = new LoadedModel(g, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Generator(m, 0, -1));
        assertTrue(e.getMessage().contains("float checkpoints only"), e.getMessage());
        assertEquals(3, Generator.withoutCache(m, 0, -1).sample(new int[] {1, 2}, 3, new Sampler(0, 0, 1), 0).length,
                "the reference path still runs double graphs");
    }
}
