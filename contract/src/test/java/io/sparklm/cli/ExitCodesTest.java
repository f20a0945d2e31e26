package io.sparklm.cli;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitCodesTest {
    private static Properties props(String master, String deployMode) {
        Properties p = new Properties();
        if (master != null) {
            p.setProperty("spark.master", master);
        }
        if (deployMode != null) {
            p.setProperty("spark.submit.deployMode", deployMode);
        }
        return p;
    }

    @Test
    void successReturnsOnlyInsideYarnsApplicationMaster() {
        assertTrue(ExitCodes.returnsInstead(ExitCodes.OK, props("yarn", "cluster")));
        assertFalse(ExitCodes.returnsInstead(ExitCodes.OK, props("yarn", "client")));
        assertFalse(ExitCodes.returnsInstead(ExitCodes.OK, props("spark://127.0.0.1:7077", "cluster")));
        assertFalse(ExitCodes.returnsInstead(ExitCodes.OK, props("local[2]", null)));
        assertFalse(ExitCodes.returnsInstead(ExitCodes.OK, props(null, null)));
    }

    @Test
    void failuresAlwaysExit() {
        assertFalse(ExitCodes.returnsInstead(ExitCodes.FAILED, props("yarn", "cluster")));
        assertFalse(ExitCodes.returnsInstead(ExitCodes.PREEMPTED, props("yarn", "cluster")));
    }
}
