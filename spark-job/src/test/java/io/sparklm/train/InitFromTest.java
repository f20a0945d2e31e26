package io.sparklm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.CliRun;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.export.HfExporter;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.run.Preemption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code init-from}: a run exported with export-hf, or a sparklm run output or checkpoint directory itself, seeds a
 * new run, whose loss at step 0 is the first run's last validation loss (the same parameters on the same
 * validation set); a directory of another model, or one whose tokenizer.json is not the data's, is refused with
 * exit 2 naming the key and what differs; the key may change on resume (only a fresh start reads it).
 */
class InitFromTest {
    @TempDir
    java.nio.file.Path tmp;

    @AfterEach
    void reset() {
        Preemption.reset();
    }

    static JsonNode result(String stdout) throws Exception {
        return new ObjectMapper().readTree(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Trains 12 steps on {@code data} into {@code first}; returns the last validation loss, checked to have fallen. */
    static double trainFirst(Path data, Path first) throws Exception {
        int[] code = new int[1];
        String out = PretrainJobTest.captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, first, "gpt", "--max-steps", "12")));
        assertEquals(ExitCodes.OK, code[0], out);
        double trained = result(out).get("val_loss").asDouble();
        assertTrue(trained < Math.log(40) - 0.05, "the first run learned: " + out);   // test data: 40 ids
        return trained;
    }

    @Test
    void aFreshRunStartsFromExportedWeights() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = PretrainJobTest.writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path first = new Path(tmp.resolve("first").toUri());
        double trained = trainFirst(data, first);
        int[] code = new int[1];
        Path ck = CheckpointResolver.resolve(fs, first);
        Path hf = new Path(tmp.resolve("hf").toUri());
        HfExporter.export(CheckpointReader.restoreForInference(fs, ck), null, fs, hf);

        Path second = new Path(tmp.resolve("second").toUri());
        String out2 = PretrainJobTest.captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, second, "gpt", "--max-steps", "12", "init-from=" + hf)));
        assertEquals(ExitCodes.OK, code[0], out2);
        JsonNode r = result(out2);
        assertEquals(trained, r.get("initial_val_loss").asDouble(), 1e-5, out2);
        assertTrue(HadoopFs.readString(fs, new Path(second, "config.json")).contains("\"init-from\""));

        String again = PretrainJobTest.captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, second, "gpt", "--max-steps", "12")));
        assertEquals(ExitCodes.OK, code[0], "init-from may go on resume: " + again);
    }

    @Test
    void aFreshRunStartsFromASparklmCheckpointButNotFromAnotherTokenizerOrShape() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = PretrainJobTest.writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        Path first = new Path(tmp.resolve("first").toUri());
        double trained = trainFirst(data, first);
        int[] code = new int[1];
        for (Path from : new Path[] {first, CheckpointResolver.resolve(fs, first)}) {   // run output, step dir
            Path next = new Path(tmp.resolve("from-" + from.getName()).toUri());
            String out = PretrainJobTest.captureStdout(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, next, "gpt", "--max-steps", "4", "init-from=" + from)));
            assertEquals(ExitCodes.OK, code[0], out);
            assertEquals(trained, result(out).get("initial_val_loss").asDouble(), 1e-5, out);
            assertEquals(4, result(out).get("step").asInt(), "a new run counts from step 0: " + out);
        }

        Path otherTok = PretrainJobTest.writeData(fs, new Path(tmp.resolve("data2").toUri()), "clm");
        Path tok = new Path(otherTok, "tokenizer.json");
        HadoopFs.writeStringAtomically(fs, tok, HadoopFs.readString(fs, tok) + "\n");
        Path refused = new Path(tmp.resolve("refused").toUri());
        String err = PretrainJobTest.captureStderr(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(otherTok, refused, "gpt", "init-from=" + first)));
        assertEquals(ExitCodes.CONFIG, code[0], err);
        assertTrue(err.contains("config key 'init-from': ") && err.contains("is not the data's tokenizer.json"), err);

        Path wide = new Path(tmp.resolve("wide").toUri());
        err = PretrainJobTest.captureStderr(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, wide, "gpt", "d-model=24", "init-from=" + first)));
        assertEquals(ExitCodes.CONFIG, code[0], err);
        assertTrue(err.contains("config key 'init-from': ") && err.contains("in checkpoint") && err.contains("this model needs"), err);
        assertTrue(CheckpointResolver.newestValid(fs, wide).isEmpty(), "nothing trained");
    }

    @Test
    void anotherModelIsRefusedNamingTheKey() throws Exception {
        FileSystem fs = TrainerLocalTest.fs();
        Path data = PretrainJobTest.writeData(fs, new Path(tmp.resolve("data").toUri()), "clm");
        ModelConfig narrow = ModelConfig.from(ConfigMap.of(Map.of("d-model", "8", "n-layers", "1", "n-heads", "2")),
                40, 16);
        Path hf = new Path(tmp.resolve("narrow").toUri());
        HfExporter.export(TransformerModel.build(narrow, TinyModels.optim(1e-3, 0, 0)), null, fs, hf);
        Path out = new Path(tmp.resolve("run").toUri());
        int[] code = new int[1];
        String err = PretrainJobTest.captureStderr(() -> code[0] = CliRun.run(new PretrainCommand(), PretrainJobTest.args(data, out, "gpt", "init-from=" + hf)));
        assertEquals(ExitCodes.CONFIG, code[0], err);
        assertTrue(err.contains("config key 'init-from': ") && err.contains("n_embd: file 8, model 16"), err);
        assertTrue(CheckpointResolver.newestValid(fs, out).isEmpty(), "nothing trained");
    }
}
