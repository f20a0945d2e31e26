package io.sparklm.model.layers;

import io.sparklm.model.TinyModels;
import io.sparklm.model.NativeThreads;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.ModelConfig;
import io.sparklm.batch.Batches;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.config.ConfigMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyed dropout op: masks as a pure function of (seed, layer, iteration, batch), rate, scaling, serialization. */
class KeyedDropoutTest {
    @BeforeAll
    static void singleThreaded() {
        NativeThreads.one();
    }

    static INDArray apply(KeyedDropout d, INDArray x, int iteration) {
        return d.applyDropout(x, x.ulike(), iteration, 0, LayerWorkspaceMgr.noWorkspaces());
    }

    static MultiDataSet batch(float... ids) {
        return new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.create(ids, new long[] {1, ids.length}), null);
    }

    @Test
    void maskIsAPureFunctionOfTheKeys() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 16, 32);
        INDArray a = apply(new KeyedDropout(0.7, 5, "drop"), x, 3);
        assertEquals(a, apply(new KeyedDropout(0.7, 5, "drop"), x, 3), "same keys, fresh instance");
        Nd4j.getRandom().setSeed(99); // the global RNG plays no part
        Nd4j.getRandom().nextDouble();
        assertEquals(a, apply(new KeyedDropout(0.7, 5, "drop"), x, 3));
        assertNotEquals(a, apply(new KeyedDropout(0.7, 5, "drop"), x, 4), "iteration");
        assertNotEquals(a, apply(new KeyedDropout(0.7, 6, "drop"), x, 3), "seed");
        assertNotEquals(a, apply(new KeyedDropout(0.7, 5, "drop2"), x, 3), "layer");
        ComputationGraph g = TransformerModel.build(TinyModels.gpt(11, 4, 8, 1, 2, "float", 0.3),
                TinyModels.optim(1e-3, 0, 0));
        KeyedDropout inModel = (KeyedDropout) g.getLayer("posDrop").conf().getLayer().getIDropout();
        KeyedDropout.bind(g, batch(1, 2, 3, 4));
        long k1 = inModel.batchKeyBound();
        KeyedDropout.bind(g, batch(1, 2, 3, 5));
        assertNotEquals(k1, inModel.batchKeyBound(), "batch key follows the token ids");
        KeyedDropout.bind(g, batch(1, 2, 3, 4));
        assertEquals(k1, inModel.batchKeyBound());
    }

    @Test
    void retainFractionAndInvertedScalingMatchDl4jSemantics() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 64, 32, 64).addi(0.5);
        double retain = 0.9; // DropoutLayer.Builder(p) took the RETAIN probability: dropout=0.1 -> 0.9
        INDArray y = apply(new KeyedDropout(retain, 1, "d"), x, 0);
        INDArray kept = y.neq(0.0).castTo(DataType.DOUBLE);
        double frac = kept.meanNumber().doubleValue();
        assertEquals(retain, frac, 0.005, "kept fraction");
        // kept entries are x / retain exactly, dropped ones 0
        INDArray expected = x.div(retain).muli(kept);
        assertEquals(0.0, y.sub(expected).amaxNumber().doubleValue(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new KeyedDropout(0.0, 1, "d"));
        assertThrows(IllegalArgumentException.class, () -> new KeyedDropout(1.5, 1, "d"));
    }

    @Test
    void maskDoesNotDependOnTheNativeThreadCount() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 256, 512); // 1M elements: large enough to be split over threads
        int before = Nd4j.getEnvironment().maxThreads();
        try {
            Nd4j.getEnvironment().setMaxThreads(1);
            INDArray one = apply(new KeyedDropout(0.8, 3, "d"), x, 7);
            Nd4j.getEnvironment().setMaxThreads(4);
            INDArray four = apply(new KeyedDropout(0.8, 3, "d"), x, 7);
            assertEquals(one, four);
        } finally {
            Nd4j.getEnvironment().setMaxThreads(before);
        }
    }

    @Test
    void backpropAppliesTheForwardMaskOnce() {
        KeyedDropout d = new KeyedDropout(0.5, 2, "d");
        INDArray x = Nd4j.ones(DataType.FLOAT, 3, 4, 5);
        INDArray y = apply(d, x, 1);
        INDArray grad = d.backprop(Nd4j.ones(DataType.FLOAT, 3, 4, 5), Nd4j.zeros(DataType.FLOAT, 3, 4, 5), 1, 0);
        assertEquals(y, grad, "d(out)/d(in) is the mask (0 or 1/retain)");
        assertThrows(IllegalStateException.class,
                () -> d.backprop(Nd4j.ones(DataType.FLOAT, 3, 4, 5), Nd4j.zeros(DataType.FLOAT, 3, 4, 5), 1, 0));
    }

    @Test
    void survivesJsonAndModelSerializerAndTrainsIdenticallyAfterRestore() throws Exception {
        ModelConfig m = TinyModels.gpt(17, 8, 16, 2, 2, "float", 0.25);
        ComputationGraphConfiguration conf = TransformerModel.configuration(m, TinyModels.optim(1e-3, 0.1, 1));
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(json, back.toJson());
        Object d = ((LayerVertex) back.getVertices().get("mlpDrop1")).getLayerConf().getLayer().getIDropout();
        assertEquals(new KeyedDropout(0.75, m.seed(), "mlpDrop1"), d);

        OptimConfig o = TinyModels.optim(1e-3, 0.1, 1);
        ComputationGraph g = TransformerModel.build(m, o);
        int[][] ids = {{1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12, 13, 14, 15, 16}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
        KeyedDropout.bind(g, mds);
        g.fit(mds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        TransformerModel.attachTrainingListeners(r, o);
        assertEquals(g.getConfiguration().getIterationCount(), r.getConfiguration().getIterationCount());
        KeyedDropout.bind(g, mds);
        KeyedDropout.bind(r, mds);
        g.fit(mds);
        r.fit(mds);
        assertEquals(g.params(), r.params(), "dropout masks of the restored copy match");
        assertTrue(g.score() > 0);
    }

    @Test
    void bertWithDropoutTrainsOnPaddedBatches() {
        Map<String, String> kv = new HashMap<>();
        kv.put("family", "bert");
        kv.put("d-model", "8");
        kv.put("n-layers", "1");
        kv.put("n-heads", "2");
        kv.put("dropout", "0.1");
        ModelConfig m = ModelConfig.from(ConfigMap.of(kv), 13, 6, 0);
        ComputationGraph g = TransformerModel.build(m, TinyModels.optim(1e-3, 0, 1));
        int[][] ids = {{2, 5, 4, 3, 7, 3}, {2, 9, 4, 3, 0, 0}};
        int[][] labels = {{-1, 6, -1, -1, 8, -1}, {-1, -1, 10, -1, -1, -1}};
        int[][] segs = {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 0}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, labels, segs, null, m, null, 1, 0);
        assertTrue(mds.getFeaturesMaskArrays() != null, "padding mask present");
        KeyedDropout.bind(g, mds);
        g.fit(mds); // DL4J's DropoutLayer multiplied a [B, T] mask into [B, d, T] activations and threw
        assertTrue(Double.isFinite(g.score()));
    }
}
