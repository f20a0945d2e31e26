package io.sparklm.export;

import io.sparklm.cli.CliRun;

import io.sparklm.model.NativeThreads;
import io.sparklm.testing.MiniHdfs;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * export-hf on a real HDFS (the shared MiniHdfs fixture): a checkpoint under hdfs:// exported by the CLI to an
 * hdfs:// directory holds the same model.safetensors bytes as the golden case (no temp directory left), and
 * loads back from HDFS with the checkpoint's parameters.
 */
class HdfsExportTest {
    static MiniHdfs hdfs;
    static FileSystem fs;

    @BeforeAll
    static void start() throws Exception {
        NativeThreads.one();
        hdfs = MiniHdfs.start(1);
        fs = hdfs.fs();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void exportsFromAndToHdfs() throws Exception {
        ComputationGraph g = HfExportCases.model("bert-nsp");
        Path run = hdfs.path("/runs/bert");
        new CheckpointWriter(fs, run).write(3, g, "{}", "{}", null);
        Path out = hdfs.path("/exports/bert-hf");
        CliRun.Result r = CliRun.capture(new ExportCommand(), "--checkpoint", run.toString(), "--output",
                out.toString());
        assertEquals(0, r.code(), r.err());
        String sha = HfExportGoldenTest.golden("bert-nsp.java.json").get("safetensors_sha256").asText();
        assertTrue(r.out().contains("\"sha256\":\"" + sha + "\""), r.out());
        assertEquals(sha, io.sparklm.fs.HadoopFs.sha256(fs, new Path(out, HfExporter.WEIGHTS)));
        List<String> names = Arrays.stream(fs.listStatus(out)).map(FileStatus::getPath).map(Path::getName).sorted()
                .toList();
        assertEquals(List.of("config.json", "model.safetensors"), names);
        assertEquals(List.of("bert-hf"), Arrays.stream(fs.listStatus(out.getParent())).map(s -> s.getPath().getName())
                .toList());
        ComputationGraph back = HfImportTest.fresh("bert-nsp");
        HfImporter.load(fs, out, back);
        assertEquals(g.params(), back.params());
    }
}
