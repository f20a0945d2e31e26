package io.sparklm.export;

import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.NativeThreads;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import io.sparklm.tokenizer.BpeTrainer;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the exporter refuses (settings HF's GPT-2/BERT cannot compute, an existing output, a tokenizer larger
 * than the model) with one line naming the setting and nothing written; the architecture it reads from a graph.
 */
class HfExportTest {
    @TempDir
    java.nio.file.Path tmp;

    @BeforeAll
    static void oneThread() {
        NativeThreads.one();
    }

    static ModelConfig config(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("d-model", "8", "n-layers", "1", "n-heads", "2",
                "dropout", "0"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ModelConfig.from(ConfigMap.of(m), 11, 4);
    }

    static ComputationGraph build(ModelConfig m) {
        return TransformerModel.build(m, TinyModels.optim(1e-3, 0, 0));
    }

    /** Asserts the export of {@code m} is refused naming {@code setting}, with no output and no temp dir left. */
    void assertRefused(ModelConfig m, String setting) throws Exception {
        Path out = new Path(tmp.resolve("out").toUri());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HfExporter.export(build(m), null, FileSystem.getLocal(new Configuration()), out));
        assertTrue(e.getMessage().startsWith(setting), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(), List.of(tmp.toFile().list()), "nothing written");
    }

    @Test
    void refusesWhatHuggingFaceCannotCompute() throws Exception {
        assertRefused(config("positional", "sinusoidal"), "positional=sinusoidal cannot be exported");
        assertRefused(config("family", "bert", "positional", "sinusoidal"), "positional=sinusoidal");
        assertRefused(config("norm", "post"), "family=gpt with norm=post cannot be exported");
        assertRefused(config("family", "bert", "norm", "pre"), "family=bert with norm=pre cannot be exported");
    }

    @Test
    void refusesAnExistingOutputAndABiggerTokenizer() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        ComputationGraph g = build(config());
        Files.createDirectories(tmp.resolve("taken"));
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> HfExporter.export(g, null, fs, new Path(tmp.resolve("taken").toUri())));
        assertTrue(exists.getMessage().contains("exists"), exists.getMessage());
        BpeTrainer bpe = new BpeTrainer(262, 1, BpeTrainer.DEFAULT_SPECIAL_TOKENS);
        Tokenizer tok = bpe.train(Map.of("hello", 3L, "world", 2L));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> HfExporter.export(g, tok.toJson(), fs, new Path(tmp.resolve("out").toUri())));
        assertTrue(big.getMessage().contains("tokenizer has " + tok.vocabSize() + " tokens, the model only 11"),
                big.getMessage());
        assertEquals(List.of("taken"), List.of(tmp.toFile().list()));
    }

    @Test
    void writesOnlyTheModelFilesWithoutCrcOrTempFiles() throws Exception {
        Path out = new Path(tmp.resolve("m").toUri());
        HfExporter.Result r = HfExporter.export(build(config()), null, FileSystem.getLocal(new Configuration()), out);
        assertEquals(List.of("m"), List.of(tmp.toFile().list()));
        String[] files = new File(tmp.resolve("m").toString()).list();
        java.util.Arrays.sort(files);
        assertEquals(List.of("config.json", "model.safetensors"), List.of(files));
        assertEquals(Files.size(tmp.resolve("m/model.safetensors")), r.bytes());
        assertEquals(config().parameterCount(), r.parameters());
    }

    @Test
    void aDoubleModelIsWrittenAsFloat32() throws Exception {
        ComputationGraph g = build(TinyModels.gpt(11, 4, 8, 1, 2, "double", 0));
        Path out = new Path(tmp.resolve("d").toUri());
        HfExporter.export(g, null, FileSystem.getLocal(new Configuration()), out);
        Map<String, SafeTensor> t;
        try (java.io.InputStream in = Files.newInputStream(tmp.resolve("d/model.safetensors"))) {
            t = SafetensorsReader.read(in, "d").tensors();
        }
        float[] c = t.get("transformer.h.0.attn.c_attn.weight").data();
        double[] w = g.getParam("attn0_Wqkv").dup('c').reshape(c.length).toDoubleVector();
        for (int i = 0; i < c.length; i++) {
            assertEquals((float) w[i], c[i], "element " + i);
        }
    }

    @Test
    void readsTheArchitectureFromTheGraph() {
        List<ModelConfig> configs = List.of(config(), config("tie-embeddings", "false", "d-ff", "20"),
                config("family", "bert", "nsp", "true", "dropout", "0.1"),
                config("family", "bert", "norm", "pre", "positional", "sinusoidal", "layer-norm-eps", "1e-7"),
                TinyModels.gpt(11, 4, 8, 2, 2, "double", 0.2));
        for (ModelConfig m : configs) {
            ModelConfig got = GraphArchitecture.of(build(m));
            assertEquals(m.family(), got.family());
            assertEquals(List.of(m.vocabSize(), m.seqLen(), m.dModel(), m.nLayers(), m.nHeads(), m.dFf()),
                    List.of(got.vocabSize(), got.seqLen(), got.dModel(), got.nLayers(), got.nHeads(), got.dFf()));
            assertEquals(m.dropout(), got.dropout(), 1e-12);
            assertEquals(List.of(m.positional(), m.norm(), m.dtype()),
                    List.of(got.positional(), got.norm(), got.dtype()));
            assertEquals(List.of(m.nsp(), m.tieEmbeddings()), List.of(got.nsp(), got.tieEmbeddings()));
            assertEquals(m.layerNormEps(), got.layerNormEps());
            assertEquals(m.initStd(), got.initStd());
        }
    }

    @Test
    void requiresEveryParameterToBeExported() {
        ComputationGraph g = build(config());
        HfLayout layout = HfLayout.of(config());
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> params = new HashMap<>(g.paramTable());
        params.put("extra_W", params.get("tokEmb_W"));
        params.remove("lnf_lnB");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HfExporter.requireExactly(layout, params));
        assertTrue(e.getMessage().contains("missing [lnf_lnB], not exported [extra_W]"), e.getMessage());
    }
}
