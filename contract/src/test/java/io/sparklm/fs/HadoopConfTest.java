package io.sparklm.fs;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Spark-style Hadoop settings reach the configuration, and the configuration survives the trip to executors. */
class HadoopConfTest {
    @Test
    void sparkHadoopPropertiesBecomeHadoopSettings() {
        Properties p = new Properties();
        p.setProperty("spark.hadoop.dfs.nameservices", "prod");
        p.setProperty("spark.hadoop.dfs.ha.namenodes.prod", "nn1,nn2");
        p.setProperty("spark.executor.memory", "4g");
        p.setProperty("spark.hadoop.", "ignored");
        Configuration c = HadoopConf.withSparkProperties(new Configuration(false), p);
        assertEquals("prod", c.get("dfs.nameservices"));
        assertEquals("nn1,nn2", c.get("dfs.ha.namenodes.prod"));
        assertNull(c.get("executor.memory"));
        assertEquals(2, c.size());
    }

    @Test
    void fromSparkPropertiesReadsTheJvmsSparkProperties() {
        System.setProperty("spark.hadoop.sparklm.test.key", "v1");
        try {
            assertEquals("v1", HadoopConf.fromSparkProperties().get("sparklm.test.key"));
        } finally {
            System.clearProperty("spark.hadoop.sparklm.test.key");
        }
    }

    @Test
    void everySettingSurvivesSerialization() throws Exception {
        Configuration c = new Configuration();
        c.set("dfs.nameservices", "prod");
        c.set("fs.s3a.secret.key", "s3cr3t");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(HadoopConf.of(c));
        }
        HadoopConf back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            back = (HadoopConf) in.readObject();
        }
        assertEquals("prod", back.get().get("dfs.nameservices"));
        assertEquals("s3cr3t", back.get().get("fs.s3a.secret.key"));
        assertEquals(c.size(), back.get().size());
    }
}
