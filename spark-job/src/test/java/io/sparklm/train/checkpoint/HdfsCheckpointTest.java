package io.sparklm.train.checkpoint;

import io.sparklm.train.ExitCodes;
import io.sparklm.train.TestModels;
import io.sparklm.train.Trainer;
import io.sparklm.train.TrainerLocalTest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints on a real HDFS (MiniDFSCluster on 127.0.0.1, 3 DataNodes, replication 2). */
class HdfsCheckpointTest {
    static MiniDFSCluster cluster;
    static DistributedFileSystem fs;
    static File base;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("sparklm-minidfs").toFile();
        Configuration conf = new Configuration();
        conf.set("dfs.replication", "2");
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "DEFAULT");
        cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(3).build();
        cluster.waitActive();
        // address the NameNode as 127.0.0.1 (MiniDFSCluster's own URI says localhost)
        fs = (DistributedFileSystem) FileSystem.newInstance(
                java.net.URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort()), cluster.getConfiguration(0));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            try {
                fs.close();
            } catch (java.io.IOException ignored) {
                // shutting down anyway
            }
            cluster.shutdown(true);
        }
    }

    static Path uri(String name) {
        return new Path(fs.getUri().toString() + "/runs/" + name);
    }

    @Test
    void trainingCheckpointsAndResumesOverHdfs() throws Exception {
        Path a = uri("a");
        Path b = uri("b");
        assertTrue(a.toString().startsWith("hdfs://127.0.0.1:"), a.toString());
        Trainer.Outcome oa = new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0), fs, a, null).run();
        assertEquals(ExitCodes.OK, oa.exitCode());
        assertThrows(IllegalStateException.class, () ->
                new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0), fs, b, null).crashAfterStep(8).run());
        Trainer.Outcome ob = new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0), fs, b, null).run();
        assertEquals(ExitCodes.OK, ob.exitCode());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
        Path ck = CheckpointResolver.resolve(fs, b);
        assertEquals("step-00000018", ck.getName());
        assertEquals(2, fs.getFileStatus(new Path(ck, "model.zip")).getReplication());
    }

    @Test
    void dataNodeStoppedDuringCheckpointWriteLeavesAReadableCheckpoint() throws Exception {
        Path run = uri("dn-failure");
        ComputationGraph g = TestModels.tiny(5, 512, 0); // ~50k params: model.zip well above the 64 KiB hook
        CheckpointWriter w = new CheckpointWriter(fs, run);
        AtomicBoolean stopped = new AtomicBoolean();
        MiniDFSCluster.DataNodeProperties[] props = new MiniDFSCluster.DataNodeProperties[1];
        CheckpointWriter.setModelBytesHookForTest(w, bytes -> {
            props[0] = cluster.stopDataNode(0);
            stopped.set(true);
        });
        Path dir = w.write(7, g, "{}", "{}", "tok".getBytes());
        assertTrue(stopped.get(), "the DataNode was stopped mid-write");
        assertNull(CheckpointResolver.verify(fs, dir));
        try (InputStream in = fs.open(new Path(dir, "model.zip"))) {
            ComputationGraph back = ModelSerializer.restoreComputationGraph(in, true);
            assertArrayEquals(g.params().toFloatVector(), back.params().toFloatVector());
        }
        cluster.restartDataNode(props[0], true);
        cluster.waitActive();
    }

    @Test
    void truncatedCheckpointFileOnHdfsIsDetectedAndSkipped() throws Exception {
        Path run = uri("truncated");
        ComputationGraph g = TestModels.tiny(5, 8, 0);
        CheckpointWriter w = new CheckpointWriter(fs, run);
        Path c1 = w.write(1, g, "{}", "{}", null);
        Path c2 = w.write(2, g, "{\"later\":true}", "{}", null);
        Path model = new Path(c2, "model.zip");
        long len = fs.getFileStatus(model).getLen();
        boolean done = fs.truncate(model, len / 2);
        for (int i = 0; i < 100 && !done && fs.getFileStatus(model).getLen() != len / 2; i++) {
            Thread.sleep(50);
        }
        assertEquals(len / 2, fs.getFileStatus(model).getLen());
        assertNotNull(CheckpointResolver.verify(fs, c2));
        assertEquals(c1.getName(), CheckpointResolver.resolve(fs, run).getName());
    }
}
