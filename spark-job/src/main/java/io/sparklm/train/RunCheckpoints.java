package io.sparklm.train;

import io.sparklm.batch.Block;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.util.Locale;

/** Writes the checkpoint of a run's current step: the model, {@link TrainState} (with the data cursor), config, tokenizer. */
final class RunCheckpoints {
    private RunCheckpoints() {}

    static void write(Trainer.Setup s, FileSystem fs, Path output, ComputationGraph model, RunState st,
                      RunConsole console) throws IOException {
        long g = st.step * s.run().blocksPerStep();
        Block next = s.train().block(g);
        TrainState ts = new TrainState(TrainState.FORMAT_VERSION, st.step, st.tokens, next.epoch(),
                next.shardIndex(), next.first(), g, s.run().seed(), model.getConfiguration().getIterationCount(),
                st.lastVal, st.bestVal, st.bestStep, st.initialVal, ResumeCheck.identityHash(s.config()), st.lastAcc);
        long t = System.nanoTime();
        Path dir = new CheckpointWriter(fs, output).write(st.step, model, ts.toJson(), s.config().toJson(),
                s.tokenizerJson());
        console.line(String.format(Locale.ROOT, "checkpoint %s written in %.1f s", dir, (System.nanoTime() - t) / 1e9));
    }
}
