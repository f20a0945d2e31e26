package io.sparklm.prep;

import io.sparklm.shard.ShardEntry;
import io.sparklm.shard.Manifest;
import io.sparklm.fs.HadoopFs;
import io.sparklm.shard.ShardReader;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.testing.MiniHdfs;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.*;

/** The job reading from and writing to a real HDFS (MiniDFSCluster, 1 MB blocks, 2 datanodes); same bytes as file://. */
class HdfsPrepJobTest {
    static MiniHdfs hdfs;
    @TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void up() throws IOException {
        hdfs = MiniHdfs.options().dataNodes(2).blockSize(1 << 20).start();
    }

    @AfterAll
    static void down() throws IOException {
        hdfs.close();
    }

    @Test
    void hdfsInAndOutGivesSameShardsAsLocal() throws Exception {
        java.nio.file.Path book = TestTokenizers.corpusDir().resolve("moby-dick.txt");
        String text = Files.readString(book).substring(0, 400_000);
        java.nio.file.Path local = dir.resolve("in/book.txt");
        Files.createDirectories(local.getParent());
        Files.writeString(local, text);
        java.nio.file.Path tok = TestTokenizers.write(TestTokenizers.bpe(text, 300), dir.resolve("tok.json"));
        // a damaged gzip next to the book: counted as corrupt_input on both file systems, never a crash
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(gz)) {
            o.write(text.substring(0, 100_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.nio.file.Path damaged = dir.resolve("in/damaged.txt.gz");
        Files.write(damaged, java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        FileSystem fs = hdfs.fs();
        fs.copyFromLocalFile(new Path(local.toUri()), hdfs.path("/in/book.txt"));
        fs.copyFromLocalFile(new Path(damaged.toUri()), hdfs.path("/in/damaged.txt.gz"));
        fs.copyFromLocalFile(new Path(tok.toUri()), hdfs.path("/tok/tokenizer.json"));

        String[] common = {"objective=clm", "seq-len=32", "seed=5", "doc-split=blank-line", "split-mb=1"};
        Manifest onHdfs = CorpusPrepJob.prepare(LocalSpark.get(), PrepTestSupport.config(concat(common,
                "input=" + hdfs.uri("/in"), "output=" + hdfs.uri("/out/clm"),
                "tokenizer=" + hdfs.uri("/tok/tokenizer.json"))));
        Manifest onFile = CorpusPrepJob.prepare(LocalSpark.get(), PrepTestSupport.config(concat(common,
                "input=" + local.getParent(), "output=" + dir.resolve("out"), "tokenizer=" + tok)));
        assertTrue(onHdfs.sequences("train") > 100);
        assertEquals(1L, onHdfs.skipped().get("corrupt_input"));
        assertEquals(onFile.skipped(), onHdfs.skipped());
        assertEquals(onHdfs.documentsRead(), onHdfs.documentsKept()
                + onHdfs.skipped().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(onFile.allShards(), onHdfs.allShards(), "same shard names, record counts and SHA-256");
        Path root = hdfs.path("/out/clm");
        Manifest m = Manifest.read(fs, root);
        for (ShardEntry e : m.allShards()) {
            assertEquals(e.sha256(), HadoopFs.sha256(fs, new Path(root, e.path())));
            try (ShardReader r = ShardReader.open(fs, new Path(root, e.path()))) {
                long n = 0;
                while (r.hasNext()) {
                    r.next();
                    n++;
                }
                assertEquals(e.records(), n);
            }
        }
        assertTrue(fs.exists(new Path(root, "tokenizer.json")));
        assertEquals(0, fs.globStatus(hdfs.path("/out/._tmp*")).length);
        // a second run without --overwrite is refused and leaves the first output intact
        assertThrows(io.sparklm.config.ConfigException.class, () -> CorpusPrepJob.prepare(LocalSpark.get(),
                PrepTestSupport.config(concat(common, "input=" + hdfs.uri("/in"), "output=" + hdfs.uri("/out/clm"),
                        "tokenizer=" + hdfs.uri("/tok/tokenizer.json")))));
        assertEquals(m.toJson(), Manifest.read(fs, root).toJson());
    }

    static String[] concat(String[] a, String... b) {
        String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
