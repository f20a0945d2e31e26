package io.sparklm.export;

import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.NativeThreads;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export then import: a freshly initialised graph takes every parameter of the exported one, bit for bit (all
 * four {@link HfExportCases}); the importer refuses a config that describes another model, a missing tensor and
 * an unknown one, and accepts what HF checkpoints on the hub carry (no base-model prefix, buffers, tied copies,
 * legacy gamma/beta).
 */
class HfImportTest {
    @TempDir
    static java.nio.file.Path tmp;
    static final FileSystem FS = localFs();

    static FileSystem localFs() {
        try {
            return FileSystem.getLocal(new Configuration());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void oneThread() {
        NativeThreads.one();
    }

    static Path export(String name, String dir) throws Exception {
        Path out = new Path(tmp.resolve(dir).toUri());
        HfExporter.export(HfExportCases.model(name), null, FS, out);
        return out;
    }

    static ComputationGraph fresh(String name) {
        return TransformerModel.build(HfExportCases.config(name), TinyModels.optim(1e-3, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "gpt-untied", "bert-nsp", "bert"})
    void exportThenImportGivesIdenticalParameters(String name) throws Exception {
        Path dir = export(name, "rt-" + name);
        ComputationGraph g = fresh(name);
        assertNotEquals(HfExportCases.model(name).params(), g.params());
        int n = HfImporter.load(FS, dir, g);
        ComputationGraph want = HfExportCases.model(name);
        for (Map.Entry<String, INDArray> e : want.paramTable().entrySet()) {
            assertEquals(e.getValue(), g.getParam(e.getKey()), name + " " + e.getKey());
        }
        assertEquals(tensors(dir).size(), n);
    }

    @Test
    void refusesAConfigForAnotherModel() throws Exception {
        Path dir = export("gpt", "other");
        ModelConfig deeper = ModelConfig.from(ConfigMap.of(Map.of("family", "gpt", "d-model", "16", "n-layers", "3",
                "n-heads", "2", "d-ff", "40")), 23, HfExportCases.T);
        ComputationGraph g = TransformerModel.build(deeper, TinyModels.optim(1e-3, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HfImporter.load(FS, dir, g));
        assertTrue(e.getMessage().contains("is not this model: n_layer: file 2, model 3"), e.getMessage());
    }

    @Test
    void refusesMissingAndUnknownTensors() throws Exception {
        Path dir = export("bert", "edited");
        Map<String, SafeTensor> t = tensors(dir);
        t.remove("bert.encoder.layer.1.attention.self.key.bias");
        rewrite(dir, t);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HfImporter.load(FS, dir, fresh("bert")));
        assertTrue(missing.getMessage().contains("lacks 1 tensors of BertForMaskedLM: "
                + "[bert.encoder.layer.1.attention.self.key.bias]"), missing.getMessage());
        t = tensors(export("bert", "edited2"));
        t.put("bert.pooler.dense.bias", new SafeTensor("bert.pooler.dense.bias", new long[]{16}, new float[16]));
        Path dir2 = new Path(tmp.resolve("edited2").toUri());
        rewrite(dir2, t);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> HfImporter.load(FS, dir2, fresh("bert")));
        assertTrue(unknown.getMessage().contains("1 tensors are not part of BertForMaskedLM as this model has it: "
                + "[bert.pooler.dense.bias]"), unknown.getMessage());
    }

    @Test
    void acceptsHubStyleNamesBuffersAndTiedCopies() throws Exception {
        Path gpt = export("gpt", "hub-gpt");
        Map<String, SafeTensor> t = new TreeMap<>();
        for (SafeTensor s : tensors(gpt).values()) {
            String n = s.name().substring("transformer.".length());
            t.put(n, new SafeTensor(n, s.shape(), s.data()));
        }
        t.put("h.0.attn.bias", new SafeTensor("h.0.attn.bias", new long[]{1, 1, 8, 8}, new float[64]));
        SafeTensor wte = t.get("wte.weight");
        t.put("lm_head.weight", new SafeTensor("lm_head.weight", wte.shape(), wte.data()));
        rewrite(gpt, t);
        ComputationGraph g = fresh("gpt");
        HfImporter.load(FS, gpt, g);
        assertEquals(HfExportCases.model("gpt").params(), g.params());

        Path bert = export("bert-nsp", "hub-bert");
        Map<String, SafeTensor> b = new TreeMap<>();
        for (SafeTensor s : tensors(bert).values()) {
            String n = s.name().replace("LayerNorm.weight", "LayerNorm.gamma")
                    .replace("LayerNorm.bias", "LayerNorm.beta");
            b.put(n, new SafeTensor(n, s.shape(), s.data()));
        }
        b.put("bert.embeddings.position_ids", new SafeTensor("bert.embeddings.position_ids", new long[]{1, 8},
                new float[8]));
        rewrite(bert, b);
        ComputationGraph gb = fresh("bert-nsp");
        HfImporter.load(FS, bert, gb);
        assertEquals(HfExportCases.model("bert-nsp").params(), gb.params());
    }

    static Map<String, SafeTensor> tensors(Path dir) throws Exception {
        try (InputStream in = FS.open(new Path(dir, HfExporter.WEIGHTS))) {
            return new TreeMap<>(SafetensorsReader.read(in, "test").tensors());
        }
    }

    static void rewrite(Path dir, Map<String, SafeTensor> tensors) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(new Path(dir, HfExporter.WEIGHTS).toUri());
        try (OutputStream out = Files.newOutputStream(file)) {
            SafetensorsWriter.write(out, new ArrayList<>(tensors.values()), Map.of("format", "pt"));
        }
    }
}
