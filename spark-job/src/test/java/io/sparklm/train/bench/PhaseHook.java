package io.sparklm.train.bench;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Benchmark-only worker hook for local mode (executors share the driver's JVM): records when each worker thread
 * starts and ends each minibatch fit, so a Spark call splits into setup (before the first fit: count job, broadcast,
 * task launch, network construction), fitting, and tail (after the last fit: results, averaging).
 */
final class PhaseHook implements TrainingHook {
    private static final long serialVersionUID = 1L;
    static final ConcurrentLinkedQueue<long[]> EVENTS = new ConcurrentLinkedQueue<>(); // {thread id, 0|1, nanos}

    /**
     * Setup, fit (mean per worker), tail, first-minibatch fit and mean later-minibatch fit seconds of the call that
     * ran from t0 to t1; clears the events.
     */
    static double[] phases(long t0, long t1) {
        List<long[]> ev = new ArrayList<>(EVENTS);
        EVENTS.clear();
        long firstPre = Long.MAX_VALUE;
        long lastPost = Long.MIN_VALUE;
        java.util.Map<Long, long[]> span = new java.util.HashMap<>();
        for (long[] e : ev) {
            long[] s = span.computeIfAbsent(e[0], k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            if (e[1] == 0) {
                firstPre = Math.min(firstPre, e[2]);
                s[0] = Math.min(s[0], e[2]);
            } else {
                lastPost = Math.max(lastPost, e[2]);
                s[1] = Math.max(s[1], e[2]);
            }
        }
        double fit = 0;
        for (long[] s : span.values()) {
            fit += (s[1] - s[0]) / 1e9 / span.size();
        }
        // per thread the events alternate pre, post: first pair vs the rest
        java.util.Map<Long, List<Long>> seq = new java.util.HashMap<>();
        for (long[] e : ev) {
            seq.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[2]);
        }
        double first = 0;
        double rest = 0;
        int nRest = 0;
        for (List<Long> t : seq.values()) {
            first += (t.get(1) - t.get(0)) / 1e9 / seq.size();
            for (int i = 2; i + 1 < t.size(); i += 2) {
                rest += (t.get(i + 1) - t.get(i)) / 1e9;
                nRest++;
            }
        }
        return new double[] {(firstPre - t0) / 1e9, fit, (t1 - lastPost) / 1e9, first, rest / Math.max(1, nRest)};
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        EVENTS.add(new long[] {Thread.currentThread().getId(), 0, System.nanoTime()});
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        EVENTS.add(new long[] {Thread.currentThread().getId(), 1, System.nanoTime()});
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        preUpdate((MultiDataSet) null, model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        postUpdate((MultiDataSet) null, model);
    }
}
