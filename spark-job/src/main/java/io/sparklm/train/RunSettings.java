package io.sparklm.train;

import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run settings of the pre-training job (everything except model and optimizer). One step = one optimizer update
 * over {@code gradAccumSteps} minibatches of {@code batchSizePerWorker} records on each of {@code workers} workers
 * (trainer=local: {@code gradAccumSteps} minibatches of workers x batch-size-per-worker records). Intervals are in steps; {@code 0} disables. Minutes are wall-clock.
 * {@code stallTimeoutSeconds}: the longest one engine call (averaging-frequency steps) may take before the run
 * gives up with exit code {@link io.sparklm.cli.ExitCodes#STALLED}; 0 waits forever.
 */
public record RunSettings(String data, String output, String trainer, int workers, int batchSizePerWorker,
                          int gradAccumSteps, int averagingFrequency, int prefetch, long maxSteps, double maxMinutes,
                          long checkpointEverySteps, double checkpointEveryMinutes, int keepCheckpoints,
                          long evalEvery, int evalBatches, long logEvery, long seed, long lockStaleSeconds,
                          long stallTimeoutSeconds,
                          double sharedThreshold, int sharedSyncEvery, int sharedPort, int sharedWorkersPerNode,
                          String sharedNetworkMask, String sharedControllerAddress) {

    public static final Key<String> DATA = Key.required("data", "URI",
            "corpus-prep output (shards and manifest.json)").resumable();
    public static final Key<String> OUTPUT = Key.required("output", "URI",
            "run output: checkpoints/, metrics.jsonl, report.html, report.png; a run resumes from here").resumable();
    public static final Key<String> TRAINER = Key.choice("trainer", "sync",
            "sync (one optimizer step on all workers' summed gradient: the single-process step, docs/scaling.md),"
                    + " averaging (DL4J parameter averaging), shared (DL4J gradient sharing over Aeron) or local (one"
                    + " process, no Spark)",
            "sync", "averaging", "shared", "local").resumable();
    public static final Key<Integer> WORKERS = Key.integer("workers", 2, 1, 4096,
            "Spark tasks that train at once, one model replica each");
    public static final Key<Integer> BATCH = Key.integer("batch-size-per-worker", 8, 1, 1 << 20,
            "sequences in one worker's minibatch");
    public static final Key<Integer> GRAD_ACCUM = Key.integer("grad-accum-steps", 1, 1, 1 << 16,
            "minibatches per worker whose gradients are summed into one optimizer step");
    public static final Key<Integer> AVERAGING_FREQUENCY = Key.integer("averaging-frequency", 5, 1, 1 << 20,
            "trainer=averaging: steps each worker takes between parameter averages").resumable();
    public static final Key<Integer> PREFETCH = Key.integer("prefetch", 2, 0, 1024,
            "minibatches a worker reads ahead").resumable();
    public static final Key<Long> MAX_STEPS = Key.longValue("max-steps", 1000, 0, Long.MAX_VALUE / 4,
            "stop after this many optimizer steps (counted over all invocations of the run)").resumable();
    public static final Key<Double> MAX_MINUTES = Key.number("max-minutes", 0, 0, 1e9,
            "wall-clock budget of this invocation in minutes, ending with a checkpoint; 0 = none").resumable();
    public static final Key<Long> CHECKPOINT_STEPS = Key.longValue("checkpoint-every-steps", 500, 0,
            Long.MAX_VALUE, "steps between checkpoints; 0 = only by time and at the end").resumable();
    public static final Key<Double> CHECKPOINT_MINUTES = Key.number("checkpoint-every-minutes", 30, 0, 1e9,
            "minutes between checkpoints; 0 = only by steps and at the end").resumable();
    public static final Key<Integer> KEEP_CHECKPOINTS = Key.integer("keep-checkpoints", 3, 1, 100_000,
            "newest checkpoints kept, plus the best by validation loss").resumable();
    public static final Key<Long> EVAL_EVERY = Key.longValue("eval-every", 500, 0, Long.MAX_VALUE,
            "steps between validations; 0 = none").resumable();
    public static final Key<Integer> EVAL_BATCHES = Key.integer("eval-batches", 20, 1, 1 << 20,
            "validation minibatches per validation").resumable();
    public static final Key<Long> LOG_EVERY = Key.longValue("log-every", 10, 1, Long.MAX_VALUE,
            "steps between progress lines and metrics.jsonl training records").resumable();
    public static final Key<Long> SEED = io.sparklm.model.ModelConfig.SEED;
    public static final Key<Long> LOCK_STALE_SECONDS = Key.longValue("lock-stale-seconds", 300, 1,
            Long.MAX_VALUE / 1000, "a run lock whose heartbeat is older than this (seconds) is taken over")
            .resumable();
    public static final Key<Long> STALL_TIMEOUT_SECONDS = Key.longValue("stall-timeout-seconds", 1800, 0,
            Long.MAX_VALUE / 1000, "seconds one training call may take before the run ends with exit 5 and a"
                    + " thread dump; 0 = wait forever").resumable();
    public static final Key<Double> SHARED_THRESHOLD = Key.number("shared-threshold", 0.5, 1e-9, 1e3,
            "trainer=shared: the encoding threshold as a fraction of the learning rate").resumable();
    public static final Key<Integer> SHARED_SYNC_EVERY = Key.integer("shared-sync-every", 1, 1, 1 << 20,
            "trainer=shared: steps per Spark call, each call starting every worker from the driver's parameters")
            .resumable();
    public static final Key<Integer> SHARED_PORT = Key.integer("shared-port", 0, 0, 65535,
            "trainer=shared: Aeron UDP port; 0 = a free port per JVM").resumable();
    public static final Key<Integer> SHARED_WORKERS_PER_NODE = Key.integer("shared-workers-per-node", 1, 1,
            1024, "trainer=shared: training threads per executor").resumable();
    public static final Key<String> SHARED_NETWORK_MASK = Key.string("shared-network-mask", "127.0.0.0/8",
            "CIDR", "trainer=shared: the network the executors talk over").resumable();
    public static final Key<String> SHARED_CONTROLLER = Key.string("shared-controller-address", "127.0.0.1",
            "HOST", "trainer=shared: the driver's address as the executors see it").resumable();

    /** The run keys, in help order. */
    public static final List<Key<?>> KEYS = List.of(DATA, OUTPUT, TRAINER, WORKERS, BATCH, GRAD_ACCUM,
            AVERAGING_FREQUENCY, PREFETCH, MAX_STEPS, MAX_MINUTES, CHECKPOINT_STEPS, CHECKPOINT_MINUTES,
            KEEP_CHECKPOINTS, EVAL_EVERY, EVAL_BATCHES, LOG_EVERY, SEED, LOCK_STALE_SECONDS, STALL_TIMEOUT_SECONDS,
            SHARED_THRESHOLD, SHARED_SYNC_EVERY, SHARED_PORT, SHARED_WORKERS_PER_NODE, SHARED_NETWORK_MASK, SHARED_CONTROLLER);

    /** Reads the run keys from {@code c} (does not call requireAllUsed: the caller composes all parts first). */
    public static RunSettings from(ConfigMap c) {
        return new RunSettings(DATA.get(c), OUTPUT.get(c), TRAINER.get(c), WORKERS.get(c), BATCH.get(c),
                GRAD_ACCUM.get(c), AVERAGING_FREQUENCY.get(c), PREFETCH.get(c), MAX_STEPS.get(c),
                MAX_MINUTES.get(c), CHECKPOINT_STEPS.get(c), CHECKPOINT_MINUTES.get(c), KEEP_CHECKPOINTS.get(c),
                EVAL_EVERY.get(c), EVAL_BATCHES.get(c), LOG_EVERY.get(c), SEED.get(c), LOCK_STALE_SECONDS.get(c),
                STALL_TIMEOUT_SECONDS.get(c), SHARED_THRESHOLD.get(c), SHARED_SYNC_EVERY.get(c), SHARED_PORT.get(c),
                SHARED_WORKERS_PER_NODE.get(c), SHARED_NETWORK_MASK.get(c), SHARED_CONTROLLER.get(c));
    }

    /** The settings as config keys, for the effective config. */
    public Map<String, Object> asConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DATA.name(), data);
        m.put(OUTPUT.name(), output);
        m.put(TRAINER.name(), trainer);
        m.put(WORKERS.name(), workers);
        m.put(BATCH.name(), batchSizePerWorker);
        m.put(GRAD_ACCUM.name(), gradAccumSteps);
        m.put(AVERAGING_FREQUENCY.name(), averagingFrequency);
        m.put(PREFETCH.name(), prefetch);
        m.put(MAX_STEPS.name(), maxSteps);
        m.put(MAX_MINUTES.name(), maxMinutes);
        m.put(CHECKPOINT_STEPS.name(), checkpointEverySteps);
        m.put(CHECKPOINT_MINUTES.name(), checkpointEveryMinutes);
        m.put(KEEP_CHECKPOINTS.name(), keepCheckpoints);
        m.put(EVAL_EVERY.name(), evalEvery);
        m.put(EVAL_BATCHES.name(), evalBatches);
        m.put(LOG_EVERY.name(), logEvery);
        m.put(SEED.name(), seed);
        m.put(LOCK_STALE_SECONDS.name(), lockStaleSeconds);
        m.put(STALL_TIMEOUT_SECONDS.name(), stallTimeoutSeconds);
        m.put(SHARED_THRESHOLD.name(), sharedThreshold);
        m.put(SHARED_SYNC_EVERY.name(), sharedSyncEvery);
        m.put(SHARED_PORT.name(), sharedPort);
        m.put(SHARED_WORKERS_PER_NODE.name(), sharedWorkersPerNode);
        m.put(SHARED_NETWORK_MASK.name(), sharedNetworkMask);
        m.put(SHARED_CONTROLLER.name(), sharedControllerAddress);
        return m;
    }

    /** Records per optimizer step across all workers and accumulation rounds. */
    public int globalBatch() {
        return workers * batchSizePerWorker * gradAccumSteps;
    }

    /** Minibatches (blocks) per optimizer step: one per worker and accumulation round. */
    public int blocksPerStep() {
        return workers * gradAccumSteps;
    }
}
