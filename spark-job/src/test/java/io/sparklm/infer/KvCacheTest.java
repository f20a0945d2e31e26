package io.sparklm.infer;

import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
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
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV-cache decoding path against the graph: per-position distributions equal the graph's softmax output over a
 * full window (row by row and after a multi-row prefill), and generation with the cache emits exactly the ids of
 * the full-window reference path for 300+ tokens at seq-len 32 (the window shifts many times), greedy, sampling and
 * beam search, with learned and sinusoidal positions, on random-init float GPTs (with dropout layers and an untied
 * LM head with bias too); double and post-LN graphs are refused with a reason.
 */
class KvCacheTest {
    static final int VOCAB = 61;
    static final int SEQ = 32;

    @BeforeAll
    static void oneThread() {
        NativeThreads.one();
    }

    static LoadedModel model(String positional) {
        return model(positional, 0.0, true);
    }

    /**
     * A random-init float GPT d32/L2/H4 (TinyModels' settings); dropout layers, when there are any, pass activations
     * through in inference; {@code tied}: the LM head is the token table, without bias.
     */
    static LoadedModel model(String positional, double dropout, boolean tied) {
        ComputationGraph g = TransformerModel.build(config(SEQ, "positional", positional, "dropout", "" + dropout,
                "tie-embeddings", "" + tied), TinyModels.optim(1e-3, 0, 0));
        return new LoadedModel(g, null, null);
    }

    /** TinyModels' float GPT d32/L2/H4 settings with {@code keyValues} added or replaced. */
    static ModelConfig config(int seq, String... keyValues) {
        Map<String, String> kv = new HashMap<>(Map.of("family", "gpt", "d-model", "32", "n-layers", "2", "n-heads",
                "4", "dropout", "0", "dtype", "float", "seed", "7", "init-std", "0.3"));
        for (int i = 0; i < keyValues.length; i += 2) {
            kv.put(keyValues[i], keyValues[i + 1]);
        }
        return ModelConfig.from(ConfigMap.of(kv), VOCAB, seq);
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
    @CsvSource({"learned, 0, true", "sinusoidal, 0, true", "learned, 0.1, false"})
    void everyPositionMatchesTheGraphOutput(String positional, double dropout, boolean tied) {
        LoadedModel m = model(positional, dropout, tied);
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
    void postNormGraphsAreRefusedWithAReason() {
        LoadedModel m = new LoadedModel(TransformerModel.build(config(8, "norm", "post"), TinyModels.optim(1e-3, 0, 0)),
                null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Generator(m, 0, -1));
        assertTrue(e.getMessage().contains("pre-LN"), e.getMessage());
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
