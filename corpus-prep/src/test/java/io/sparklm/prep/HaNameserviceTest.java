package io.sparklm.prep;

import io.sparklm.prep.job.PrepKryo;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.shard.Manifest;
import io.sparklm.testing.MiniHdfs;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Hadoop setting given only the Spark way reaches the driver and every executor task: an HA-style logical
 * nameservice ({@code hdfs://sparklmns/...}, two NameNode entries both on the MiniDFSCluster's NameNode) defined
 * only in {@code spark.hadoop.*} settings of the SparkConf. corpus-prep reads its input and writes its shards
 * through it and gives the same shards as through the NameNode's own address.
 */
class HaNameserviceTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aNameserviceDefinedOnlyInSparkHadoopSettingsWorksEverywhere() throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.options().dataNodes(1).blockSize(1 << 20).start()) {
            String text = Files.readString(TestTokenizers.corpusDir().resolve("moby-dick.txt")).substring(0, 150_000);
            FileSystem fs = hdfs.fs();
            try (var out = fs.create(hdfs.path("/in/book.txt"))) {
                out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            try (var out = fs.create(hdfs.path("/tok/tokenizer.json"))) {
                out.write(TestTokenizers.bpe(text, 300).toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String nn = hdfs.uri().replaceFirst("^hdfs://", "");
            LocalSpark.get().stop(); // one SparkContext per JVM: this test's own, with the nameservice settings
            SparkConf conf = PrepKryo.configure(new SparkConf().setMaster("local[2]").setAppName("sparklm-ha-test")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.hadoop.dfs.nameservices", "sparklmns")
                    .set("spark.hadoop.dfs.ha.namenodes.sparklmns", "nn1,nn2")
                    .set("spark.hadoop.dfs.namenode.rpc-address.sparklmns.nn1", nn)
                    .set("spark.hadoop.dfs.namenode.rpc-address.sparklmns.nn2", nn)
                    .set("spark.hadoop.dfs.client.failover.proxy.provider.sparklmns",
                            "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider"));
            Manifest logical;
            Manifest direct;
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                String[] common = {"objective=clm", "seq-len=32", "seed=5", "doc-split=blank-line"};
                logical = CorpusPrepJob.prepare(sc, PrepTestSupport.config(HdfsPrepJobTest.concat(common,
                        "input=hdfs://sparklmns/in", "output=hdfs://sparklmns/out/logical",
                        "tokenizer=hdfs://sparklmns/tok/tokenizer.json")));
                direct = CorpusPrepJob.prepare(sc, PrepTestSupport.config(HdfsPrepJobTest.concat(common,
                        "input=" + hdfs.uri("/in"), "output=" + hdfs.uri("/out/direct"),
                        "tokenizer=" + hdfs.uri("/tok/tokenizer.json"))));
            }
            assertTrue(logical.sequences("train") > 50, logical.toJson());
            assertEquals(null, logical.skipped().get("unreadable_file"), logical.skipped().toString());
            assertEquals(direct.allShards(), logical.allShards(), "same shards through the nameservice");
            assertTrue(fs.exists(hdfs.path("/out/logical/manifest.json")));
        }
    }
}
