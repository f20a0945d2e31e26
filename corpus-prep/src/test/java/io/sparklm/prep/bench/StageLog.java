package io.sparklm.prep.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-stage wall time and task totals (run time, CPU time, slowest task) of the jobs since {@link #clear}, in
 * stage order: where a corpus-prep run's time goes, for the bench's notes.
 */
final class StageLog extends SparkListener {
    record Stage(int id, String name, double wallS, int tasks, double runS, double cpuS, double maxRunS) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.3fs (%d tasks, run %.2f, cpu %.2f, slowest %.2f)", name, wallS,
                    tasks, runS, cpuS, maxRunS);
        }
    }

    private final Map<Integer, double[]> tasks = new ConcurrentHashMap<>(); // id -> {n, run, cpu, maxRun}
    private final List<Stage> stages = new ArrayList<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.taskMetrics() == null) {
            return;
        }
        double run = e.taskMetrics().executorRunTime() / 1e3;
        double cpu = e.taskMetrics().executorCpuTime() / 1e9;
        tasks.compute(e.stageId(), (k, v) -> {
            double[] a = v == null ? new double[4] : v;
            a[0]++;
            a[1] += run;
            a[2] += cpu;
            a[3] = Math.max(a[3], run);
            return a;
        });
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
        StageInfo si = e.stageInfo();
        if (si.submissionTime().isEmpty() || si.completionTime().isEmpty()) {
            return;
        }
        double[] a = tasks.getOrDefault(si.stageId(), new double[4]);
        String name = si.name().replaceAll(" at (\\w+)\\.java", " $1");  // "collect at WriteShards.java:35" -> "collect WriteShards:35"
        stages.add(new Stage(si.stageId(), name, ((Long) si.completionTime().get() - (Long) si.submissionTime().get())
                / 1e3, (int) a[0], a[1], a[2], a[3]));
    }

    synchronized void clear() {
        stages.clear();
        tasks.clear();
    }

    synchronized List<Stage> stages() {
        List<Stage> out = new ArrayList<>(stages);
        out.sort(java.util.Comparator.comparingInt(Stage::id));
        return out;
    }
}
