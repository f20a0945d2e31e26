package io.sparklm.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HadoopFsTest {
    @Test
    void resolvesBarePathsToAbsoluteFileUris(@TempDir java.nio.file.Path dir) {
        Path p = HadoopFs.resolve(dir.resolve("a b").toString());
        assertEquals("file", p.toUri().getScheme());
        assertTrue(p.toUri().getPath().endsWith("/a b"), p.toString());
        assertEquals("hdfs", HadoopFs.resolve("hdfs://127.0.0.1:9000/x").toUri().getScheme());
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTempFiles(@TempDir java.nio.file.Path dir) throws Exception {
        Path target = HadoopFs.resolve(dir.resolve("manifest.json").toString());
        FileSystem fs = HadoopFs.fs(target, new Configuration());
        HadoopFs.writeStringAtomically(fs, target, "one");
        HadoopFs.writeStringAtomically(fs, target, "two");
        assertEquals("two", HadoopFs.readString(fs, target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> !f.getFileName().toString().endsWith(".crc")).count());
        }
        assertEquals("3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3", HadoopFs.sha256(fs, target));
    }
}
