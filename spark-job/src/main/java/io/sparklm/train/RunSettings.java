package io.sparklm.train;

import io.sparklm.config.ConfigMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run settings of the pre-training job (everything except model and optimizer). One step = one optimizer update
 * over {@code gradAccumSteps} minibatches of {@code batchSizePerWorker} records on each of {@code workers} workers
 * (trainer=local: {@code gradAccumSteps} minibatches of workers x batch-size-per-worker records). Intervals are in steps; {@code 0} disables. Minutes are wall-clock.
 * {@code stallTimeoutSeconds}: the longest one engine call (averaging-frequency steps) may take before the run
 * gives up with exit code {@link ExitCodes#STALLED}; 0 waits forever.
 */
public record RunSettings(String data, String output, String trainer, int workers, int batchSizePerWorker,
                          int gradAccumSteps, int averagingFrequency, int prefetch, long maxSteps, double maxMinutes,
                          long checkpointEverySteps, double checkpointEveryMinutes, int keepCheckpoints,
                          long evalEvery, int evalBatches, long logEvery, long seed, long lockStaleSeconds,
                          long stallTimeoutSeconds,
                          double sharedThreshold, int sharedPort, int sharedWorkersPerNode,
                          String sharedNetworkMask, String sharedControllerAddress) {

    /** Reads the run keys from {@code c} (does not call requireAllUsed: the caller composes all parts first). */
    public static RunSettings from(ConfigMap c) {
        return new RunSettings(
                c.requiredString("data"),
                c.requiredString("output"),
                c.choice("trainer", "averaging", "averaging", "sync", "shared", "local"),
                c.integer("workers", 2, 1, 4096),
                c.integer("batch-size-per-worker", 8, 1, 1 << 20),
                c.integer("grad-accum-steps", 1, 1, 1 << 16),
                c.integer("averaging-frequency", 5, 1, 1 << 20),
                c.integer("prefetch", 2, 0, 1024),
                c.longValue("max-steps", 1000, 0, Long.MAX_VALUE / 4),
                c.number("max-minutes", 0, 0, 1e9),
                c.longValue("checkpoint-every-steps", 500, 0, Long.MAX_VALUE),
                c.number("checkpoint-every-minutes", 30, 0, 1e9),
                c.integer("keep-checkpoints", 3, 1, 100_000),
                c.longValue("eval-every", 500, 0, Long.MAX_VALUE),
                c.integer("eval-batches", 20, 1, 1 << 20),
                c.longValue("log-every", 10, 1, Long.MAX_VALUE),
                c.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                c.longValue("lock-stale-seconds", 300, 1, Long.MAX_VALUE / 1000),
                c.longValue("stall-timeout-seconds", 1800, 0, Long.MAX_VALUE / 1000),
                c.number("shared-threshold", 0.5, 1e-9, 1e3),
                c.integer("shared-port", 0, 0, 65535),
                c.integer("shared-workers-per-node", 1, 1, 1024),
                c.string("shared-network-mask", "127.0.0.0/8"),
                c.string("shared-controller-address", "127.0.0.1"));
    }

    /** The settings as config keys, for the effective config. */
    public Map<String, Object> asConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("output", output);
        m.put("trainer", trainer);
        m.put("workers", workers);
        m.put("batch-size-per-worker", batchSizePerWorker);
        m.put("grad-accum-steps", gradAccumSteps);
        m.put("averaging-frequency", averagingFrequency);
        m.put("prefetch", prefetch);
        m.put("max-steps", maxSteps);
        m.put("max-minutes", maxMinutes);
        m.put("checkpoint-every-steps", checkpointEverySteps);
        m.put("checkpoint-every-minutes", checkpointEveryMinutes);
        m.put("keep-checkpoints", keepCheckpoints);
        m.put("eval-every", evalEvery);
        m.put("eval-batches", evalBatches);
        m.put("log-every", logEvery);
        m.put("seed", seed);
        m.put("lock-stale-seconds", lockStaleSeconds);
        m.put("stall-timeout-seconds", stallTimeoutSeconds);
        m.put("shared-threshold", sharedThreshold);
        m.put("shared-port", sharedPort);
        m.put("shared-workers-per-node", sharedWorkersPerNode);
        m.put("shared-network-mask", sharedNetworkMask);
        m.put("shared-controller-address", sharedControllerAddress);
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
