package io.sparklm.fs;

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

    @Test
    void newConfHasTheDefaultsAndCopiesAreIndependent() {
        Configuration fresh = new Configuration();
        Configuration a = HadoopFs.newConf();
        assertEquals(fresh.size(), a.size());
        for (java.util.Map.Entry<String, String> e : fresh) {
            assertEquals(e.getValue(), a.getRaw(e.getKey()), e.getKey());
        }
        a.set("sparklm.test.key", "x");
        assertEquals(null, HadoopFs.newConf().get("sparklm.test.key"));
    }

    @Test
    void streamedAtomicWriteKeepsTheOldFileWhenTheBodyFails(@TempDir java.nio.file.Path dir) throws Exception {
        Path target = HadoopFs.resolve(dir.resolve("shard.bin").toString());
        FileSystem fs = HadoopFs.fs(target, new Configuration());
        HadoopFs.writeAtomically(fs, target, out -> out.write(new byte[]{1, 2, 3}), 3);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () ->
                HadoopFs.writeAtomically(fs, target, out -> {
                    out.write(new byte[2 << 20]);
                    throw new java.io.IOException("disk full");
                }, 4 << 20));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(dir.resolve("shard.bin")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> !f.getFileName().toString().endsWith(".crc")).count());
        }
    }
}
