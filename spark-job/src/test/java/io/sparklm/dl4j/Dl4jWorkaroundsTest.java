package io.sparklm.dl4j;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry names real classes and real tests: a renamed or removed workaround or guard must update it. */
class Dl4jWorkaroundsTest {
    @Test
    void everyWorkaroundAndGuardExists() {
        for (Dl4jWorkarounds.Workaround w : Dl4jWorkarounds.ALL) {
            assertDoesNotThrow(() -> Class.forName(w.workaround()), w.workaround());
            String[] guard = w.guard().split("#");
            Class<?> test = assertDoesNotThrow(() -> Class.forName(guard[0]), w.guard());
            if (guard.length == 2) {
                assertTrue(Arrays.stream(test.getDeclaredMethods()).anyMatch(m -> m.getName().equals(guard[1])
                        && m.isAnnotationPresent(Test.class)), w.guard() + " is not a test method");
            } else {
                assertTrue(Arrays.stream(test.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(Test.class)),
                        w.guard() + " has no test");
            }
        }
    }
}
