package io.sparklm.train;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadDumpOnTimeoutTest {
    @Test
    void aTimeoutCarriesEveryThreadsStack() {
        TimeoutException t = new TimeoutException("test() timed out after 10 minutes");
        assertSame(t, ThreadDumpOnTimeout.withDump(t));
        assertEquals(1, t.getSuppressed().length);
        String dump = t.getSuppressed()[0].getMessage();
        assertTrue(dump.contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE"), dump);
        assertTrue(dump.contains("aTimeoutCarriesEveryThreadsStack"), dump);
    }

    @Test
    void aTimeoutAsCauseIsFoundAndOtherFailuresPassUnchanged() {
        RuntimeException wrapped = new RuntimeException(new TimeoutException("x"));
        assertEquals(1, ThreadDumpOnTimeout.withDump(wrapped).getSuppressed().length);
        AssertionError plain = new AssertionError("expected 1 but was 2");
        assertEquals(0, ThreadDumpOnTimeout.withDump(plain).getSuppressed().length);
    }
}
