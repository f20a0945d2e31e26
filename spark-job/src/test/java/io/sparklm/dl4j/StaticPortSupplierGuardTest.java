package io.sparklm.dl4j;

import io.sparklm.train.engine.SharedPorts;
import org.junit.jupiter.api.Test;
import org.nd4j.parameterserver.distributed.v2.transport.impl.StaticPortSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the DL4J 1.0.0-M2 bug {@link SharedPorts} replaces: {@code StaticPortSupplier(int)} ignores its port. If
 * an upgrade fixes it, this test fails; SharedPorts stays correct either way (it also picks free ports).
 */
class StaticPortSupplierGuardTest {
    @Test
    void dl4jStaticPortSupplierIgnoresItsPortOursDoesNot() {
        assertEquals(49876, new StaticPortSupplier(40123).getPort(), "DL4J's bug: the argument is ignored");
        assertEquals(40123, new SharedPorts(40123).getPort());
        int free = new SharedPorts(0).getPort();
        assertTrue(free > 0 && free != 49876, "a free port: " + free);
        assertEquals(free, new SharedPorts(0).getPort(), "one port per JVM");
        assertNotEquals(0, free);
    }
}
