package io.sparklm.finetune;

import io.sparklm.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.ExitCodes;
import io.sparklm.train.TrainerLocalTest;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bert checkpoint with an NSP pooler fine-tuned on text pairs with [CLS] pooling: the pooler is taken over from
 * pre-training, and with freeze-body only the head moves (every body parameter of the result equals the checkpoint's).
 */
class BertFinetuneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    java.nio.file.Path tmp;

    static List<LabelledText> pairs(int n, long seed) {
        List<LabelledText> out = new ArrayList<>();
        for (LabelledText t : FinetuneFixtures.texts(n, seed)) {
            out.add(new LabelledText("the cat sat", t.text(), t.label()));
        }
        return out;
    }

    @Test
    void theNspPoolerIsReusedAndAFrozenBodyStaysAsPreTrained() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path ck = FinetuneFixtures.pretrained(fs, new Path(tmp.resolve("pre").toUri()), "bert");
        Path train = FinetuneFixtures.writeJsonl(fs, new Path(tmp.resolve("t.jsonl").toUri()), pairs(64, 3));
        Path val = FinetuneFixtures.writeJsonl(fs, new Path(tmp.resolve("v.jsonl").toUri()), pairs(16, 4));
        Path out = new Path(tmp.resolve("run").toUri());
        List<String> a = FinetuneFixtures.args(ck, train, val, out, "freeze-body=true", "max-length=12");
        a.set(a.indexOf("max-steps=24"), "max-steps=8");
        assertEquals(ExitCodes.OK, CliRun.run(new FinetuneCommand(), a.toArray(new String[0])));
        ComputationGraph pre = CheckpointReader.restoreForInference(fs, CheckpointResolver.resolve(fs, ck));
        ComputationGraph tuned = CheckpointReader.restoreForInference(fs, CheckpointResolver.resolve(fs, out));
        Map<String, INDArray> before = pre.paramTable();
        int body = 0;
        for (Map.Entry<String, INDArray> e : tuned.paramTable().entrySet()) {
            String k = e.getKey();
            if (k.equals("pos_pos")) {
                assertEquals(before.get(k).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()), e.getValue(), "first 12 positions, unchanged");
                body++;
            } else if (!BodyTransfer.isHead(k)) {
                assertEquals(before.get(k), e.getValue(), "frozen body parameter " + k);
                body++;
            }
        }
        assertTrue(body > 10, "body parameters compared: " + body);
        assertTrue(tuned.paramTable().containsKey("pool_W"), "cls pooling through the pooler");
        assertNotEquals(before.get("pool_W"), tuned.getParam("pool_W"), "the pooler trains with the head");
        ComputationGraph fresh = ClassifierModel.build(
                ClassifierModel.body(io.sparklm.export.GraphArchitecture.of(pre), 12, 0, 1),
                new ClassifierHead(2, "cls", 0, 1, false, null), io.sparklm.model.TinyModels.optim(1e-3, 0, 0));
        BodyTransfer.Report r = BodyTransfer.copy(pre, fresh);
        assertEquals(before.get("pool_W"), fresh.getParam("pool_W"), "the NSP pooler is copied");
        assertEquals(List.of("cls_W", "cls_b"), r.fresh());
        assertTrue(r.unused().containsAll(List.of("nsp_W", "nsp_b", "mlmTransform_W", "lm_b")), r.unused().toString());
        JsonNode cfg = JSON.readTree(io.sparklm.fs.HadoopFs.readString(fs,
                new Path(CheckpointResolver.resolve(fs, out), "config.json")));
        assertEquals("cls", cfg.get("pooling").asText());
        assertEquals(12, cfg.get("max-length").asInt());
    }
}
