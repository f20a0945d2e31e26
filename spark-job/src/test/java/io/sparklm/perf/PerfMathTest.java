package io.sparklm.perf;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic behind the perf benchmarks: FLOPs accounting against the built graph, run statistics, JSON. */
class PerfMathTest {
    @Test
    void matmulParamsAreTheGraphParamsMinusLookupTables() {
        ModelShapes.Shape s = ModelShapes.named("tiny", Path.of("../conf"));
        ComputationGraph g = new ModelTimer(s).graph();
        long lookups = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            // the tied token table is the LM head's projection too: a matmul, not only a lookup
            if (e.getKey().startsWith("tokEmb_") && !s.model().tieEmbeddings() || e.getKey().equals("pos_pos")) {
                lookups += e.getValue().length();
            }
        }
        assertTrue(lookups > 0, "embedding tables found in " + g.paramTable().keySet());
        assertEquals(g.numParams() - lookups, s.matmulParams());
        // nanoGPT / PaLM: 6N + 12*L*T*d per trained token, a third of it per forward token
        double expected = 6.0 * s.matmulParams() + 12.0 * 2 * 128 * 128;
        assertEquals(expected, s.trainFlopsPerToken(), 1e-6);
        assertEquals(expected / 3, s.forwardFlopsPerToken(), 1e-6);
        assertEquals(16 * 128, s.tokensPerStep());
    }

    @Test
    void d256ShapeMatchesThePyTorchReference() {
        ModelShapes.Shape s = ModelShapes.named("d256", Path.of("../conf"));
        assertEquals("gpt-d256-l4-h4-t128-b16-v8000", s.label());
        // bench/pytorch_reference.py prints params=5,240,320 for the same shape (nn.Linear/LayerNorm/Embedding,
        // the head tied to the token embedding without bias)
        assertEquals(5_240_320L, s.model().parameterCount());
        assertEquals(0.0, s.model().dropout());
        assertThrows(IllegalArgumentException.class, () -> ModelShapes.named("huge", Path.of("../conf")));
    }

    @Test
    void statsAreMedianAndSpread() {
        BenchJson.Stats st = BenchJson.Stats.of(new double[]{5, 1, 3});
        assertEquals(3, st.median());
        assertEquals(4, st.spread());
        assertEquals(2.5, BenchJson.Stats.of(new double[]{4, 1, 2, 3}).median());
        assertEquals(1234.0, BenchJson.round(1234.4));
        assertEquals(0.01235, BenchJson.round(0.0123456), 1e-12);
        assertEquals("\"a\\\"b\"", BenchJson.value("a\"b"));
        assertEquals("null", BenchJson.value(null));
    }

    @Test
    void opCategories() {
        assertEquals("matmul", StepProfile.category("matmul_bp"));
        assertEquals("softmax+loss", StepProfile.category("softmax"));
        assertEquals("layernorm", StepProfile.category("reduce_mean_bp"));
        assertEquals("gelu", StepProfile.category("tanh_bp"));
        assertEquals("updater", StepProfile.category("adam_updater"));
        assertEquals("copies/layout", StepProfile.category("permute"));
        assertEquals("elementwise/other", StepProfile.category("add"));
    }
}
