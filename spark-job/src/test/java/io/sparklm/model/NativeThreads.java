package io.sparklm.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Test helper: tiny models run thousands of small native ops per step, and on a shared 2-core machine OpenMP
 * with 2 threads makes each op wait for a second core (measured 4-7 s vs 0.3 s per step of a d32 GPT under
 * load). Tests therefore run ND4J single-threaded.
 */
public final class NativeThreads {
    private NativeThreads() {}

    public static void one() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
