package io.sparklm.prep.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Output commit protocol: nothing visible until commit, abort cleans up, overwrite replaces, refusal otherwise. */
class OutputDirTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void uncommittedWorkIsInvisibleAndAbortCleansUp() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path target = new Path(dir.resolve("out").toUri());
        OutputDir d = new OutputDir(fs, target, false);
        fs.create(new Path(d.tmp(), "train/shard-00000.bin")).close();
        // a job killed here: no output, no manifest, only a hidden temp dir
        assertFalse(fs.exists(target));
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().startsWith(".")));
        }
        d.abort();
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void commitRenamesAndOverwriteReplaces() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path target = new Path(dir.resolve("out").toUri());
        OutputDir a = new OutputDir(fs, target, false);
        fs.create(new Path(a.tmp(), "first")).close();
        a.commit();
        assertTrue(fs.exists(new Path(target, "first")));
        assertThrows(io.sparklm.config.ConfigException.class, () -> new OutputDir(fs, target, false));
        OutputDir b = new OutputDir(fs, target, true);
        fs.create(new Path(b.tmp(), "second")).close();
        assertTrue(fs.exists(new Path(target, "first")), "old output intact until commit");
        b.commit();
        assertTrue(fs.exists(new Path(target, "second")));
        assertFalse(fs.exists(new Path(target, "first")));
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp or old dirs left");
        }
    }
}
