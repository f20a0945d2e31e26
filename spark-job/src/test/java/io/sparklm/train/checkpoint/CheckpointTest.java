package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import io.sparklm.train.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    java.nio.file.Path tmp;

    static FileSystem localFs() throws IOException {
        return FileSystem.getLocal(new Configuration()).getRawFileSystem();
    }

    /** Truncates {@code file} to half its length (a torn write). */
    public static void truncateHalf(FileSystem fs, Path file) throws IOException {
        byte[] all;
        try (InputStream in = fs.open(file)) {
            all = in.readAllBytes();
        }
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(all, 0, all.length / 2);
        }
    }

    @Test
    void writeVerifyRestoreAndFallBackFromTruncatedCheckpoint() throws Exception {
        FileSystem fs = localFs();
        Path run = new Path(tmp.toUri());
        ComputationGraph g = TestModels.tiny(1, 8, 0);
        CheckpointWriter w = new CheckpointWriter(fs, run);
        Path c1 = w.write(10, g, "{\"step\":10}", "{}", "tok".getBytes());
        g.params().addi(1.0);
        Path c2 = w.write(20, g, "{\"step\":20}", "{}", null);
        assertEquals("step-00000020", HadoopFs.readString(fs, new Path(run, "checkpoints/latest")).strip());
        assertNull(CheckpointResolver.verify(fs, c1));
        assertEquals(c2, CheckpointResolver.resolve(fs, run));
        assertEquals(c1, CheckpointResolver.resolve(fs, c1));
        try (InputStream in = fs.open(new Path(c2, "model.zip"))) {
            ComputationGraph back = ModelSerializer.restoreComputationGraph(in, true);
            assertArrayEquals(g.params().toFloatVector(), back.params().toFloatVector());
            assertArrayEquals(g.getUpdater().getStateViewArray().toFloatVector(),
                    back.getUpdater().getStateViewArray().toFloatVector());
        }
        assertTrue(HadoopFs.readString(fs, new Path(c2, "SHA256SUMS")).contains("  trainer-state.json\n"));

        truncateHalf(fs, new Path(c2, "model.zip"));
        String problem = CheckpointResolver.verify(fs, c2);
        assertNotNull(problem);
        assertTrue(problem.contains("model.zip"), problem);
        assertEquals(c1, CheckpointResolver.resolve(fs, run), "falls back to the previous checkpoint");
        assertThrows(IOException.class, () -> CheckpointResolver.resolve(fs, c2));

        truncateHalf(fs, new Path(c1, "SHA256SUMS"));
        assertNotNull(CheckpointResolver.verify(fs, c1));
        assertThrows(java.io.FileNotFoundException.class, () -> CheckpointResolver.resolve(fs, run));
    }

    @Test
    void pruneKeepsLastKAndBestAndCleansTemp() throws Exception {
        FileSystem fs = localFs();
        Path run = new Path(tmp.toUri());
        ComputationGraph g = TestModels.tiny(1, 8, 0);
        CheckpointWriter w = new CheckpointWriter(fs, run);
        for (long s : new long[] {5, 10, 15, 20, 25}) {
            w.write(s, g, "{}", "{}", null);
        }
        fs.mkdirs(new Path(run, "checkpoints/._tmp-step-00000030-1"));
        CheckpointStore.prune(fs, run, 2, 10);
        CheckpointStore.cleanTemp(fs, run);
        List<Path> left = CheckpointStore.list(fs, run);
        assertEquals(List.of("step-00000025", "step-00000020", "step-00000010"),
                left.stream().map(Path::getName).toList());
        assertEquals(3, fs.listStatus(new Path(run, "checkpoints")).length - 1, "only 3 dirs + latest");
    }

    @Test
    void checksumFileParsingRejectsGarbage() {
        assertThrows(IOException.class, () -> Checksums.parse("abc  x\n"));
        assertThrows(IOException.class, () -> Checksums.parse("a".repeat(64) + "  x"));
    }
}
