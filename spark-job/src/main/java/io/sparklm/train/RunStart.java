package io.sparklm.train;

import io.sparklm.batch.Block;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointStore;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The model and progress a run invocation starts from: the newest valid checkpoint under the output (after
 * {@link ResumeCheck} allowed the config changes since; a changed learning-rate schedule is applied to the restored
 * optimizer), or a fresh model at step 0. Writes the invocation's effective config as {@code config.json}.
 */
record RunStart(ComputationGraph model, RunState state) {

    static RunStart open(Trainer.Setup s, FileSystem fs, Path output, RunConsole console) throws IOException {
        CheckpointStore.cleanTemp(fs, output);
        Optional<Path> ck = CheckpointResolver.newestValid(fs, output);
        if (ck.isEmpty()) {
            writeConfig(s, fs, output);
            ComputationGraph model = s.newModel().get();
            console.line("starting fresh: " + String.format(java.util.Locale.ROOT, "%,d", model.numParams())
                    + " parameters");
            return new RunStart(model, RunState.fresh(s.run().seed(), ResumeCheck.identityHash(s.config())));
        }
        Path dir = ck.get();
        String before = HadoopFs.readString(fs, new Path(dir, CheckpointWriter.CONFIG));
        ResumeCheck.requireResumable(before, s.config().values(), dir.toString());
        ComputationGraph model = CheckpointReader.restore(fs, dir, s.listeners());
        TrainState state = TrainState.fromJson(HadoopFs.readString(fs, new Path(dir, CheckpointWriter.STATE)));
        List<String> changed = ResumeCheck.differences(before, s.config().values());
        if (changed.stream().anyMatch(d -> d.startsWith("lr ") || d.startsWith("min-lr ")
                || d.startsWith("warmup-steps ") || d.startsWith("decay-steps ") || d.startsWith("schedule "))
                && s.optim() != null) {
            s.optim().applyLearningRateTo(model);
        }
        if (!changed.isEmpty()) {
            console.line("config changed since the checkpoint: " + String.join(", ", changed));
        }
        console.line("resuming from " + dir + " at step " + state.step() + " (epoch " + state.epoch() + ", shard "
                + state.shardIndex() + ", record " + state.record() + ")");
        Block expected = s.train().block(state.step() * s.run().blocksPerStep());
        if (expected.epoch() != state.epoch() || expected.shardIndex() != state.shardIndex()
                || expected.first() != state.record()) {
            console.line("warning: the data order changed since the checkpoint (it expected epoch " + state.epoch()
                    + " shard " + state.shardIndex() + " record " + state.record() + ", the data now gives epoch "
                    + expected.epoch() + " shard " + expected.shardIndex() + " record " + expected.first()
                    + "): different data under --data");
        }
        writeConfig(s, fs, output);
        return new RunStart(model, RunState.resumed(state));
    }

    private static void writeConfig(Trainer.Setup s, FileSystem fs, Path output) throws IOException {
        HadoopFs.writeStringAtomically(fs, new Path(output, "config.json"), s.config().toJson());
    }
}
