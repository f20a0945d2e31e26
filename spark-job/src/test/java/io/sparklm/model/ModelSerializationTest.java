package io.sparklm.model;

import io.sparklm.batch.Batches;
import io.sparklm.optim.GlobalNormClipping;
import io.sparklm.optim.WarmupDecaySchedule;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.layers.AttentionLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration JSON round trip (what Spark ships), ModelSerializer round trip with updater, parameter counts. */
class ModelSerializationTest {
    @org.junit.jupiter.api.BeforeAll
    static void singleThreaded() {
        NativeThreads.one();
    }


    @Test
    void configurationSurvivesJsonRoundTrip() {
        ModelConfig m = TinyModels.bert(13, 8, 16, 2, 4, true, 0);
        OptimConfig o = new OptimConfig(1e-3, 1e-4, 10, 100, "cosine", 0.1, 0.9, 0.95, 1e-8, 1.0);
        ComputationGraphConfiguration conf = TransformerModel.configuration(m, o);
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(json, back.toJson());
        AttentionLayer attn = (AttentionLayer) ((LayerVertex) back.getVertices().get("attn1")).getLayerConf().getLayer();
        assertEquals(16, attn.getModelDim());
        assertEquals(4, attn.getNumHeads());
        assertEquals(8, attn.getSeqLength());
        assertTrue(attn.isKeyMask() && !attn.isCausal());
        assertTrue(json.contains("WarmupDecaySchedule"), "lr schedule serialized");
    }

    @Test
    void modelSerializerRestoresParametersUpdaterAndOutputs() throws Exception {
        ModelConfig m = TinyModels.gpt(17, 8, 16, 2, 2, "float", 0.0);
        OptimConfig o = new OptimConfig(1e-3, 1e-4, 2, 100, "cosine", 0.1, 0.9, 0.95, 1e-8, 1.0);
        ComputationGraph g = TransformerModel.build(m, o);
        int[][] ids = {{1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12, 13, 14, 15, 16}};
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
        g.fit(mds);
        g.fit(mds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(g.params(), back.params());
        assertEquals(g.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(1, g.getListeners().stream().filter(l -> l instanceof GlobalNormClipping).count());
        assertTrue(back.getListeners() == null || back.getListeners().isEmpty(), "DL4J drops listeners");
        TransformerModel.attachTrainingListeners(back, o);
        TransformerModel.attachTrainingListeners(back, o);
        assertEquals(1, back.getListeners().stream().filter(l -> l instanceof GlobalNormClipping).count());
        INDArray a = g.output(false, mds.getFeatures(), null, null)[0];
        INDArray b = back.output(false, mds.getFeatures(), null, null)[0];
        assertEquals(a, b);
        // training continues identically from the restored copy
        g.fit(mds);
        back.fit(mds);
        assertEquals(g.params(), back.params());
    }

    @Test
    void parameterCountMatchesGraph() {
        ModelConfig gpt = TinyModels.gpt(23, 8, 16, 2, 4, "float", 0.1);
        assertEquals(gpt.parameterCount(), TransformerModel.build(gpt, TinyModels.optim(1e-3, 0.1, 1)).numParams());
        ModelConfig bert = TinyModels.bert(23, 8, 16, 2, 4, true, 0);
        assertEquals(bert.parameterCount(), TransformerModel.build(bert, TinyModels.optim(1e-3, 0.1, 1)).numParams());
        for (ModelConfig m : new ModelConfig[] {gpt, bert}) {
            ModelConfig untied = ModelConfig.from(io.sparklm.config.ConfigMap.of(java.util.Map.of("family", m.family(),
                    "d-model", "16", "n-layers", "2", "n-heads", "4", "tie-embeddings", "false", "norm", "pre")), 23, 8);
            assertEquals(untied.parameterCount(),
                    TransformerModel.build(untied, TinyModels.optim(1e-3, 0.1, 1)).numParams(), m.family() + " untied");
        }
    }

    @Test
    void thePresetsHaveTheCountsOfTheModelsTheyAreNamedAfter() {
        // GPT-2 small (124M: tied head, no head bias) and BERT-base uncased with its pre-training heads (110M)
        assertEquals(124_439_808L, preset("gpt2-small", 50257, 1024).parameterCount());
        assertEquals(110_106_428L, preset("bert-base", 30522, 512).parameterCount());
    }

    static ModelConfig preset(String name, int vocab, int seqLen) {
        io.sparklm.config.ConfigMap c = io.sparklm.config.ConfigLoader.parse(new String[] {"--preset", name}).config();
        return ModelConfig.from(c, vocab, seqLen);
    }
}
