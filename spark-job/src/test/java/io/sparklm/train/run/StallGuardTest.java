package io.sparklm.train.run;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StallGuard: unguarded and guarded calls, exception transparency, and both ends of a stall. */
class StallGuardTest {
    @Test
    void timeoutZeroRunsOnTheCallersThread() {
        try (StallGuard g = new StallGuard(0, () -> { })) {
            assertEquals(Thread.currentThread().getName(), g.call("x", () -> Thread.currentThread().getName()));
        }
    }

    @Test
    void guardedCallsRunOnOneStepThreadAndReturnTheirResult() {
        try (StallGuard g = new StallGuard(60_000, () -> { })) {
            for (int i = 0; i < 3; i++) {
                assertEquals(StallGuard.THREAD, g.call("x", () -> Thread.currentThread().getName()));
            }
            assertEquals(42, g.call("x", () -> 42));
        }
    }

    @Test
    void exceptionsOfTheCallPropagateUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (StallGuard g = new StallGuard(60_000, () -> { })) {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> g.call("x", () -> {
                throw boom;
            })));
            OutOfMemoryError oom = new OutOfMemoryError("oom");
            assertSame(oom, assertThrows(OutOfMemoryError.class, () -> g.call("x", () -> {
                throw oom;
            })));
        }
    }

    @Test
    void aStallThatOnStallUnblocksSaysTheCallReturned() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stalls = new AtomicInteger();
        try (StallGuard g = new StallGuard(300, () -> {
            stalls.incrementAndGet();
            release.countDown();
        })) {
            StallGuard.StalledException e = assertThrows(StallGuard.StalledException.class,
                    () -> g.call("steps 7..8", () -> release.await(60, TimeUnit.SECONDS)));
            assertEquals(1, stalls.get());
            assertTrue(e.getMessage().startsWith("steps 7..8 made no progress for 0.3 s"), e.getMessage());
            assertTrue(e.getMessage().contains("returned after being cancelled"), e.getMessage());
            // the dump was taken while the call was still blocked: it shows the step thread in the latch
            String dump = e.threadDump();
            int at = dump.indexOf("\"" + StallGuard.THREAD + "\"");
            assertTrue(at >= 0, dump);
            String stepStack = dump.substring(at, dump.indexOf("\n\n", at));
            assertTrue(stepStack.contains("CountDownLatch.await"), stepStack);
            assertTrue(stepStack.contains(StallGuardTest.class.getName()), stepStack);
            // the guard still serves calls afterwards
            assertEquals(7, g.call("x", () -> 7));
        }
    }

    @Test
    void aCallThatNeverEndsIsAbandonedAfterTheGrace() {
        CountDownLatch never = new CountDownLatch(1);
        long t0 = System.nanoTime();
        try (StallGuard g = new StallGuard(200, () -> { })) {
            StallGuard.StalledException e = assertThrows(StallGuard.StalledException.class,
                    () -> g.call("call", () -> never.await(5, TimeUnit.MINUTES)));
            assertTrue(e.getMessage().contains("did not end within 1.0 s of being cancelled and is abandoned"),
                    e.getMessage());
        } finally {
            never.countDown();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s >= 1.2 && s < 30, "timeout 0.2 s + grace 1 s, took " + s + " s");
    }

    @Test
    void negativeTimeoutIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StallGuard(-1, () -> { }));
    }
}
