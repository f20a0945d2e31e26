package io.sparklm.train;

import io.sparklm.eval.EvalResult;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.checkpoint.CheckpointStore;
import io.sparklm.train.report.RunReport;
import io.sparklm.train.run.MetricsLog;
import io.sparklm.train.run.StallGuard;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * What a run tells its user through the {@code io.sparklm.train} logger (stdout carries only the result line): progress lines with the ETA of the
 * steps left (bounded by the time budget), validation lines, stalls, and an end-of-run summary naming the outputs.
 */
final class RunConsole {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.train");
    private final RunSettings run;
    private final Path output;

    RunConsole(RunSettings run, Path output) {
        this.run = run;
        this.output = output;
    }

    void line(String message) {
        LOG.info(message);
    }

    /** The name of an engine call in stall messages. */
    static String callName(long from, int n) {
        return "the engine call for steps " + (from + 1) + ".." + (from + n);
    }

    /** A logged step: appends the train line to {@code metrics} and prints it with the ETA. */
    void progress(RunState st, double loss, double lr, MetricsLog metrics, long runStartNanos) {
        long now = System.nanoTime();
        double tps = (st.tokens - st.logTokens) / Math.max(1e-9, (now - st.logNanos) / 1e9);
        metrics.train(st.step, loss, lr, tps);
        double eta = st.stepsRun == 0 ? Double.NaN : (run.maxSteps() - st.step) * st.stepSeconds / st.stepsRun;
        if (run.maxMinutes() > 0) {
            double left = Math.max(0, run.maxMinutes() * 60 - (now - runStartNanos) / 1e9);
            eta = Double.isNaN(eta) ? left : Math.min(eta, left);
        }
        line(String.format(Locale.ROOT, "step %d/%d loss %.4f lr %.3e tok/s %.0f eta %s", st.step, run.maxSteps(),
                loss, lr, tps, duration(eta)));
        st.logNanos = now;
        st.logTokens = st.tokens;
    }

    void validation(long step, EvalResult e) {
        String acc = Double.isFinite(e.mlmAccuracy()) ? String.format(Locale.ROOT, " mlm_acc %.4f", e.mlmAccuracy())
                : "";
        line(String.format(Locale.ROOT, "step %d val_loss %.4f (ppl %.2f)%s", step, e.lossPerToken(),
                e.perplexity(), acc));
        e.report().forEach(this::line);
    }

    /**
     * Prints the stall and writes the thread dump next to the checkpoints ({@code stall-step-N.txt}, N = the last
     * completed step); the newest checkpoint stays the resume point.
     */
    void stall(StallGuard.StalledException e, long step, FileSystem fs) {
        Path dump = new Path(output, String.format(Locale.ROOT, "stall-step-%08d.txt", step));
        line("stalled: " + e.getMessage());
        try {
            HadoopFs.writeStringAtomically(fs, dump, e.getMessage() + "\n\n" + e.threadDump());
            line("thread dump: " + dump + "; re-run the same command to resume from the last checkpoint");
        } catch (IOException io) {
            line("could not write the thread dump to " + dump + " (" + io.getMessage() + "); it follows:\n"
                    + e.threadDump());
        }
    }

    /** The end of a run: status, steps, tokens, validation losses and where its outputs are. */
    void summary(Outcome o, RunState st, FileSystem fs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s at step %d (%d this run), %,d tokens",
                o.status(), st.step, st.step - st.startStep, st.tokens));
        if (Double.isFinite(st.lastVal)) {
            b.append(String.format(Locale.ROOT, "; val_loss %.4f at step %d", st.lastVal, st.lastValStep));
        }
        if (Double.isFinite(st.bestVal)) {
            b.append(String.format(Locale.ROOT, ", best %.4f at step %d", st.bestVal, st.bestStep));
        }
        if (Double.isFinite(st.initialVal)) {
            b.append(String.format(Locale.ROOT, " (step 0: %.4f)", st.initialVal));
        }
        line(b.toString());
        line("checkpoints: " + new Path(output, CheckpointStore.DIR) + "; metrics: "
                + new Path(output, MetricsLog.FILE) + "; report: " + new Path(output, RunReport.HTML) + " and "
                + new Path(output, RunReport.PNG));
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long sec = (long) seconds;
        return sec >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", sec / 3600, sec % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", sec / 60, sec % 60);
    }
}
