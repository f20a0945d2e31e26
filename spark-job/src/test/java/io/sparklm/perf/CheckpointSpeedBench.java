package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.checkpoint.ArrayFile;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Checkpoint write (with its verification re-read) and read of a real model size (default gpt2-small with its
 * Adam state) against the file system's sequential write speed measured in the same run: a file of the same size
 * written through the same Hadoop API in 8 MiB chunks with hsync. JSON lines {@code checkpoint.write.<model>} and
 * {@code checkpoint.read.<model>} in MB/s with the disk's figure as the peer. Args: model (gpt2-small), vocab
 * (50257), seq (1024), dir (a local directory, default java.io.tmpdir), runs (2).
 */
public final class CheckpointSpeedBench {
    private static final int CHUNK = 8 << 20;

    private CheckpointSpeedBench() {}

    public static void main(String[] args) throws IOException {
        ConfigMap c = ConfigLoader.parse(args).config();
        String model = c.string("model", "gpt2-small");
        int vocab = c.integer("vocab", 50257, 2, 1 << 22);
        int seq = c.integer("seq", 1024, 2, 1 << 16);
        Path dir = HadoopFs.resolve(c.string("dir", System.getProperty("java.io.tmpdir")) + "/sparklm-ckbench-"
                + System.nanoTime());
        int runs = c.integer("runs", 2, 1, 100);
        c.requireAllUsed();
        ConfigMap p = ConfigLoader.parse(new String[] {"--preset", model}).config();
        ComputationGraph g = TransformerModel.build(ModelConfig.from(p, vocab, seq), OptimConfig.from(p));
        long bytes = ArrayFile.bytes(g.params()) + ArrayFile.bytes(g.getUpdater(true).getStateViewArray());
        FileSystem fs = HadoopFs.fs(dir, HadoopFs.newConf());
        System.err.printf("[bench] %s: %,d parameters, %,d MB of parameters + Adam state%n", model, g.numParams(),
                bytes >> 20);
        double disk = 0;
        double write = 0;
        double read = 0;
        try {
            for (int r = 0; r < runs; r++) {
                disk = Math.max(disk, diskWrite(fs, new Path(dir, "disk-" + r), bytes));
                long t0 = System.nanoTime();
                Path ck = new CheckpointWriter(fs, new Path(dir, "run-" + r)).write(1, g, "{}", "{}", null);
                write = Math.max(write, bytes / 1e6 / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                CheckpointReader.restore(fs, ck, java.util.List.of());
                read = Math.max(read, bytes / 1e6 / ((System.nanoTime() - t0) / 1e9));
                System.err.printf("[bench] run %d: disk %.0f MB/s, checkpoint write %.0f MB/s, read %.0f MB/s%n",
                        r + 1, disk, write, read);
            }
        } finally {
            fs.delete(dir, true);
        }
        emit("checkpoint.write." + model, write, disk, bytes, runs, "write + verify, best of runs");
        emit("checkpoint.read." + model, read, disk, bytes, runs, "restore with per-file SHA-256, best of runs");
    }

    private static void emit(String name, double value, double disk, long bytes, int runs, String what) {
        Map<String, Object> m = BenchJson.line(name, value, "MB/s");
        m.put("peer", "sequential write of the same bytes through the same file system API (8 MiB chunks, hsync)");
        m.put("peer_value", BenchJson.round(disk));
        m.put("ratio", BenchJson.round(value / disk));
        m.put("mb", bytes >> 20);
        m.put("runs", runs);
        m.put("measures", what);
        BenchJson.print(m);
    }

    /** MB/s of writing {@code bytes} pseudo-random bytes to {@code p} in 8 MiB chunks, then hsync. */
    static double diskWrite(FileSystem fs, Path p, long bytes) throws IOException {
        byte[] buf = new byte[CHUNK];
        new SplittableRandom(3).nextBytes(buf);
        long t0 = System.nanoTime();
        try (FSDataOutputStream out = fs.create(p, true, CHUNK)) {
            for (long left = bytes; left > 0; left -= CHUNK) {
                out.write(buf, 0, (int) Math.min(CHUNK, left));
            }
            out.hsync();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        fs.delete(p, false);
        return bytes / 1e6 / s;
    }
}
