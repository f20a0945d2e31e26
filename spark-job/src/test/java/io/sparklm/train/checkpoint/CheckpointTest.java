package io.sparklm.train.checkpoint;

import io.sparklm.fs.HadoopFs;
import io.sparklm.train.TestModels;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
        ComputationGraph back = CheckpointReader.restore(fs, c2, List.of());
        assertArrayEquals(g.params().toFloatVector(), back.params().toFloatVector());
        assertArrayEquals(g.getUpdater().getStateViewArray().toFloatVector(),
                back.getUpdater().getStateViewArray().toFloatVector());
        assertEquals(g.getConfiguration().getIterationCount(), back.getConfiguration().getIterationCount());
        assertTrue(HadoopFs.readString(fs, new Path(c2, "SHA256SUMS")).contains("  trainer-state.json\n"));

        truncateHalf(fs, new Path(c2, CheckpointWriter.PARAMS));
        String problem = CheckpointResolver.verify(fs, c2);
        assertNotNull(problem);
        assertTrue(problem.contains(CheckpointWriter.PARAMS), problem);
        IOException torn = assertThrows(IOException.class, () -> CheckpointReader.restore(fs, c2, List.of()));
        assertTrue(torn.getMessage().contains("truncated"), torn.getMessage());
        assertEquals(c1, CheckpointResolver.resolve(fs, run), "falls back to the previous checkpoint");
        assertThrows(IOException.class, () -> CheckpointResolver.resolve(fs, c2));

        truncateHalf(fs, new Path(c1, "SHA256SUMS"));
        assertNotNull(CheckpointResolver.verify(fs, c1));
        assertThrows(java.io.FileNotFoundException.class, () -> CheckpointResolver.resolve(fs, run));
    }

    @Test
    void aChangedValueIsCaughtWhileReadingAndArraysRoundTrip() throws Exception {
        FileSystem fs = localFs();
        Path run = new Path(tmp.toUri());
        ComputationGraph g = TestModels.tiny(2, 16, 0);
        Path c = new CheckpointWriter(fs, run).write(3, g, "{}", "{}", null);
        Path params = new Path(c, CheckpointWriter.PARAMS);
        assertEquals(ArrayFile.bytes(g.params()), fs.getFileStatus(params).getLen());
        assertEquals(g.numParams(), ArrayFile.count(fs, params));
        byte[] all;
        try (InputStream in = fs.open(params)) {
            all = in.readAllBytes();
        }
        all[ArrayFile.HEADER + 5] ^= 1; // one bit of one value, same length
        try (FSDataOutputStream out = fs.create(params, true)) {
            out.write(all);
        }
        IOException e = assertThrows(IOException.class, () -> CheckpointReader.restore(fs, c, List.of()));
        assertTrue(e.getMessage().contains("does not match its SHA-256"), e.getMessage());
        // a double array round-trips through its own file
        org.nd4j.linalg.api.ndarray.INDArray d = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 1000);
        Path f = new Path(run, "d.bin");
        String sha = ArrayFile.write(fs, f, d, b -> { });
        org.nd4j.linalg.api.ndarray.INDArray back = org.nd4j.linalg.factory.Nd4j.create(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 1000);
        assertEquals(sha, ArrayFile.read(fs, f, back, b -> { }));
        assertEquals(HadoopFs.sha256(fs, f), sha);
        assertEquals(d, back);
        IOException wrong = assertThrows(IOException.class, () -> ArrayFile.read(fs, f,
                org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1000), b -> { }));
        assertTrue(wrong.getMessage().contains("another model shape"), wrong.getMessage());
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
