package io.sparklm.shard;

import io.sparklm.fs.HadoopFs;
import io.sparklm.shard.ShardReader;
import io.sparklm.shard.ShardRecord;
import io.sparklm.shard.ShardWriter;
import io.sparklm.testing.MiniHdfs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Shards and manifest on a real HDFS (MiniDFSCluster): write, read back, hashes match. */
class HdfsShardManifestTest {
    static MiniHdfs hdfs;

    @BeforeAll
    static void up() throws IOException {
        hdfs = MiniHdfs.start(1);
    }

    @AfterAll
    static void down() throws IOException {
        hdfs.close();
    }

    @Test
    void shardAndManifestRoundTripOnHdfs() throws IOException {
        FileSystem fs = hdfs.fs();
        Path root = hdfs.path("/out");
        ShardWriter w = new ShardWriter("clm", 3, 50, false, false, -1);
        w.add(new ShardRecord(new int[]{1, 2, 3}, null, new int[]{0, 0, 1}, -1));
        w.add(new ShardRecord(new int[]{4, 5, 6}, null, new int[]{0, 1, 1}, -1));
        Path shard = new Path(root, "train/shard-00000.bin");
        w.writeTo(fs, shard);
        String sha = HadoopFs.sha256(fs, shard);
        Manifest m = Manifest.build("clm", 3, 50, -1, "none", 10, 7, Map.of("empty", 2L, "duplicate", 1L), 2, 0, 6,
                List.of(new ShardEntry("train/shard-00000.bin", "train", 2, sha)), Map.of("seq-len", 3), "abc",
                "def", null);
        HadoopFs.writeStringAtomically(fs, new Path(root, Manifest.FILE), m.toJson());

        Manifest back = Manifest.read(fs, root);
        assertEquals("clm", back.objective());
        assertEquals(3, back.seqLen());
        assertEquals(50, back.vocabSize());
        assertEquals(6, back.tokens());
        assertEquals(Map.of("duplicate", 1L, "empty", 2L), back.skipped());
        assertEquals(10, back.documentsRead());
        assertEquals(1, back.shards("train").size());
        assertTrue(back.shards("validation").isEmpty());
        ShardEntry e = back.shards("train").get(0);
        assertEquals(sha, HadoopFs.sha256(fs, new Path(root, e.path())));
        try (ShardReader r = ShardReader.open(fs, new Path(root, e.path()))) {
            assertArrayEquals(new int[]{1, 2, 3}, r.next().inputIds());
            assertArrayEquals(new int[]{0, 1, 1}, r.next().segmentIds());
            assertFalse(r.hasNext());
        }
        assertThrows(IOException.class, () -> Manifest.read(fs, hdfs.path("/nothing")));
    }
}
