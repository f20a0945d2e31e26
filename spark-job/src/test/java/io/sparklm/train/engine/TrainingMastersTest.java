package io.sparklm.train.engine;

import io.aeron.driver.MediaDriver;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingMastersTest {
    @Test
    void aeronFlagsAreAddedToDriverAndExecutorOptionsKeepingWhatIsThere() {
        SparkConf conf = new SparkConf(false)
                .set("spark.executor.extraJavaOptions", "-Xss4m -Daeron.publication.unblock.timeout=90000000000");
        TrainingMasters.withAeronOptions(conf);
        assertEquals("-Daeron.dir.delete.on.shutdown=true -Daeron.publication.unblock.timeout=60000000000",
                conf.get("spark.driver.extraJavaOptions"));
        assertEquals("-Xss4m -Daeron.publication.unblock.timeout=90000000000 -Daeron.dir.delete.on.shutdown=true",
                conf.get("spark.executor.extraJavaOptions"), "a value the user set is kept");
        String once = conf.get("spark.executor.extraJavaOptions");
        assertEquals(once, TrainingMasters.withAeronOptions(conf).get("spark.executor.extraJavaOptions"),
                "idempotent");
    }

    @Test
    void theEmbeddedMediaDriverDeletesItsShmDirectoryOnClose() {
        // what DL4J's AeronUdpTransport does for gradient sharing: launchEmbedded (a random directory under
        // /dev/shm) and close at shutdown; the directory must not outlive the driver
        TrainingMasters.applyAeronSystemProperties();
        File dir;
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context())) {
            dir = new File(driver.aeronDirectoryName());
            assertTrue(dir.isDirectory(), dir.toString());
        }
        assertFalse(dir.exists(), dir + " left behind");
    }
}
