package io.sparklm.train.checkpoint;

import io.sparklm.testing.MiniHdfs;
import io.sparklm.cli.ExitCodes;
import io.sparklm.train.Outcome;
import io.sparklm.train.TestModels;
import io.sparklm.train.Trainer;
import io.sparklm.train.TrainerLocalTest;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints on a real HDFS (the shared MiniHdfs fixture on 127.0.0.1, 3 DataNodes, replication 2). */
class HdfsCheckpointTest {
    static MiniHdfs hdfs;
    static FileSystem fs;

    @BeforeAll
    static void start() throws Exception {
        // replacing a failed DataNode in the write pipeline needs a spare: 3 nodes for replication 2
        hdfs = MiniHdfs.options().dataNodes(3).replication(2).replaceDataNodeOnFailure("DEFAULT").start();
        fs = hdfs.fs();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    static Path uri(String name) {
        return hdfs.path("/runs/" + name);
    }

    @Test
    void trainingCheckpointsAndResumesOverHdfs() throws Exception {
        Path a = uri("a");
        Path b = uri("b");
        assertTrue(a.toString().startsWith("hdfs://127.0.0.1:"), a.toString());
        Outcome oa = new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0), fs, a, null).run();
        assertEquals(ExitCodes.OK, oa.exitCode());
        assertThrows(IllegalStateException.class, () ->
                new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0,
                        TestModels.faults().at(16, TestModels.HookedLoader.Fault.CRASH)), fs, b, null).run());
        Outcome ob = new Trainer(TestModels.setup(TrainerLocalTest.localKeys(18), 0), fs, b, null).run();
        assertEquals(ExitCodes.OK, ob.exitCode());
        TrainerLocalTest.assertSameTrajectory(TrainerLocalTest.losses(fs, a), TrainerLocalTest.losses(fs, b), 1e-6);
        Path ck = CheckpointResolver.resolve(fs, b);
        assertEquals("step-00000018", ck.getName());
        assertEquals(2, fs.getFileStatus(new Path(ck, CheckpointWriter.PARAMS)).getReplication());
    }

    @Test
    void dataNodeStoppedDuringCheckpointWriteLeavesAReadableCheckpoint() throws Exception {
        Path run = uri("dn-failure");
        ComputationGraph g = TestModels.tiny(5, 512, 0); // ~50k params: params.bin well above the 64 KiB trip
        MiniDFSCluster.DataNodeProperties[] props = new MiniDFSCluster.DataNodeProperties[1];
        TripwireFs tripwire = new TripwireFs(fs, CheckpointWriter.PARAMS, 65536, () -> props[0] = hdfs.stopDataNode(0));
        Path dir = new CheckpointWriter(tripwire, run).write(7, g, "{}", "{}", "tok".getBytes());
        assertTrue(tripwire.fired(), "the DataNode was stopped mid-write");
        assertNull(CheckpointResolver.verify(fs, dir));
        ComputationGraph back = CheckpointReader.restore(fs, dir, java.util.List.of());
        assertArrayEquals(g.params().toFloatVector(), back.params().toFloatVector());
        hdfs.restartDataNode(props[0]);
    }

    @Test
    void truncatedCheckpointFileOnHdfsIsDetectedAndSkipped() throws Exception {
        Path run = uri("truncated");
        ComputationGraph g = TestModels.tiny(5, 8, 0);
        CheckpointWriter w = new CheckpointWriter(fs, run);
        Path c1 = w.write(1, g, "{}", "{}", null);
        Path c2 = w.write(2, g, "{\"later\":true}", "{}", null);
        Path model = new Path(c2, CheckpointWriter.PARAMS);
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
