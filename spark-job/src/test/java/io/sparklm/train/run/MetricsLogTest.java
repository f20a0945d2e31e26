package io.sparklm.train.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsLogTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void resumeDropsLinesBeyondTheCheckpoint() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        MetricsLog m = MetricsLog.load(fs, out, -1);
        m.validation(0, Math.log(48), Double.NaN);
        for (int s = 1; s <= 6; s++) {
            m.train(s, 4.0 - s * 0.1, 1e-3, 1000);
        }
        m.flush();
        MetricsLog r = MetricsLog.load(fs, out, 4);
        List<String> lines = r.lines();
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("{\"step\":0,\"val_loss\":3.87"), lines.get(0));
        assertTrue(lines.get(4).startsWith("{\"step\":4,\"loss\":3.6"), lines.get(4));
        assertEquals(0, MetricsLog.load(fs, out, -1).lines().size());
    }

    @Test
    void mlmAccuracyIsWrittenWhenMeasuredAndAbsentOtherwise() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        MetricsLog m = MetricsLog.load(fs, out, -1);
        m.validation(0, 3.5, 0.25);
        m.validation(2, 3.0, Double.NaN);
        m.flush();
        List<String> lines = MetricsLog.load(fs, out, 10).lines();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(0.25, json.readTree(lines.get(0)).get("val_mlm_acc").asDouble(), 0.0);
        assertEquals(Math.exp(3.5), json.readTree(lines.get(0)).get("val_ppl").asDouble(), 1e-9);
        assertTrue(!json.readTree(lines.get(1)).has("val_mlm_acc"), lines.get(1));
    }
}
