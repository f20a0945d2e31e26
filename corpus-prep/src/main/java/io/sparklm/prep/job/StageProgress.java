package io.sparklm.prep.job;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a long Spark job on the driver's log: each stage when it starts (its tasks), at most every
 * {@code everyMillis} while it runs (tasks done of all), and when it ends (seconds), so a map stage over a large
 * corpus is never silent. Registered by {@link SparkContexts} on the contexts it creates.
 */
public final class StageProgress extends SparkListener {
    private final long everyMillis;
    private final Map<Integer, Stage> stages = new ConcurrentHashMap<>();

    /** One running stage: its name, task count, tasks done and when it last logged. */
    private static final class Stage {
        final String name;
        final int tasks;
        final long startNanos = System.nanoTime();
        final AtomicInteger done = new AtomicInteger();
        volatile long lastLog = System.nanoTime();

        Stage(String name, int tasks) {
            this.name = name;
            this.tasks = tasks;
        }
    }

    public StageProgress(long everyMillis) {
        this.everyMillis = everyMillis;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        int id = e.stageInfo().stageId();
        Stage s = new Stage(e.stageInfo().name(), e.stageInfo().numTasks());
        stages.put(id, s);
        Progress.log("stage %d (%s): %d tasks", id, s.name, s.tasks);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        Stage s = stages.get(e.stageId());
        if (s == null) {
            return;
        }
        int done = s.done.incrementAndGet();
        long now = System.nanoTime();
        if (done < s.tasks && (now - s.lastLog) / 1_000_000 >= everyMillis) {
            s.lastLog = now;
            Progress.log("stage %d (%s): %d of %d tasks done, %.0f s", e.stageId(), s.name, done, s.tasks,
                    (now - s.startNanos) / 1e9);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        Stage s = stages.remove(e.stageInfo().stageId());
        if (s != null) {
            Progress.log("stage %d (%s) %s in %.1f s", e.stageInfo().stageId(), s.name,
                    e.stageInfo().failureReason().isDefined() ? "failed" : "done",
                    (System.nanoTime() - s.startNanos) / 1e9);
        }
    }
}
