package io.sparklm.train;

/**
 * Process exit codes of {@link PretrainJob}, stable for cron / Airflow:
 * 0 finished max-steps or made progress within the time budget; 1 unexpected failure; 2 bad arguments or config;
 * 3 output locked by another live run (retry later); 4 no progress (budget ran out before a single new step);
 * 5 stalled (one training call ran past stall-timeout-seconds; a thread dump is in the output; re-run to resume);
 * 6 not learning (a non-finite loss, or parameters unchanged between validations; no checkpoint of that model);
 * 143 preempted by SIGTERM after writing a checkpoint (resume by re-running the same command).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int CONFIG = 2;
    public static final int LOCKED = 3;
    public static final int NO_PROGRESS = 4;
    public static final int STALLED = 5;
    public static final int NOT_LEARNING = 6;
    public static final int PREEMPTED = 143;

    private ExitCodes() {}
}
