package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Batches;
import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.eval.EvalResult;
import io.sparklm.eval.Evaluator;
import io.sparklm.fs.HadoopFs;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.checkpoint.CheckpointStore;
import io.sparklm.train.engine.LocalEngine;
import io.sparklm.train.engine.LossMath;
import io.sparklm.train.engine.SparkEngine;
import io.sparklm.train.engine.StepEngine;
import io.sparklm.train.engine.TrainingMasters;
import io.sparklm.train.run.LearningGuard;
import io.sparklm.train.run.MetricsLog;
import io.sparklm.train.run.Preemption;
import io.sparklm.train.run.RunLock;
import io.sparklm.train.run.StallGuard;
import io.sparklm.train.report.RunFacts;
import io.sparklm.train.report.RunReport;
import io.sparklm.train.report.UnigramBaseline;
import io.sparklm.train.sync.SyncEngine;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The training loop shared by all trainers: take the output's lock, resume from the newest valid checkpoint (or
 * start fresh and measure the step-0 validation loss), then step, log, validate and checkpoint until max-steps,
 * the time budget, SIGTERM, a stall or a run that stopped learning ends it. The data order depends only on
 * (seed, step), so a resumed run reads exactly the blocks an uninterrupted run would.
 */
public final class Trainer {
    /**
     * Everything a run needs; {@code val} null without validation, {@code optim} null for models that are not
     * built from an {@link OptimConfig} (tests). {@code listeners}: training listeners every copy of the model that
     * DL4J's own trainers fit must carry (global-norm clipping); DL4J serializes none, so they are re-attached
     * after a restore and handed to the Spark training masters. {@code baseline}: the unigram entropy of the
     * training tokens for the report, null when not measured.
     */
    public record Setup(RunSettings run, Supplier<ComputationGraph> newModel, List<TrainingListener> listeners,
                        BatchLoader loader, BlockPlan train, BlockPlan val, int seqLen, EffectiveConfig config,
                        byte[] tokenizerJson, Evaluator evaluator, OptimConfig optim, UnigramBaseline baseline) {

        /** Global-norm clip of the engines that apply updates themselves (0 = off). */
        double gradClip() {
            return optim == null ? 0 : optim.gradClip();
        }
    }

    private final Setup s;
    private final FileSystem fs;
    private final Path output;
    private final Supplier<JavaSparkContext> spark;
    private JavaSparkContext sc;
    private final RunConsole console;
    private final RunReport report;

    /**
     * {@code spark}: gives the SparkContext when the trainer first needs one (after the lock is taken); null when
     * there is none (trainer=local).
     */
    public Trainer(Setup setup, FileSystem fs, Path output, Supplier<JavaSparkContext> spark) {
        this.s = setup;
        this.fs = fs;
        this.output = output;
        this.spark = spark;
        this.console = new RunConsole(setup.run(), output);
        this.report = new RunReport(fs, output, new RunFacts(output.toString(), setup.config().values(),
                (long) setup.run().globalBatch() * setup.seqLen(), setup.baseline()));
    }

    public Outcome run() throws IOException {
        RunLock lock;
        try {
            lock = RunLock.acquire(fs, output, s.run().lockStaleSeconds() * 1000);
        } catch (RunLock.LockedException e) {
            console.line(e.getMessage());
            return Outcome.of(ExitCodes.LOCKED, "locked", null);
        }
        try (lock) {
            return train();
        }
    }

    private Outcome train() throws IOException {
        long t0 = System.nanoTime();
        RunStart start = RunStart.open(s, fs, output, console);
        ComputationGraph model = start.model();
        RunState st = start.state();
        MetricsLog metrics = MetricsLog.load(fs, output, st.lastCkStep);
        List<MultiDataSet> val = loadValidation();
        LearningGuard learning = new LearningGuard(!s.run().trainer().equals("shared"));
        learning.start(model, st.step);
        if (st.step == 0 && Double.isNaN(st.initialVal) && val != null) {
            validate(model, val, st, metrics);
        }
        Preemption.install();
        String status = null;
        try (StepEngine engine = engine(model);
             StallGuard guard = new StallGuard(s.run().stallTimeoutSeconds() * 1000, this::cancelSparkJobs)) {
            while ((status = stopReason(st, t0)) == null) {
                int n = (int) Math.min(engine.stepsPerCall(), s.run().maxSteps() - st.step);
                List<Block> blocks = blocks(st.step, n);
                long from = st.step;
                long c0 = System.nanoTime();
                double loss;
                try {
                    loss = guard.call(RunConsole.callName(from, n), () -> engine.fit(blocks, from, n));
                } catch (StallGuard.StalledException e) {
                    console.stall(e, st.step, fs);
                    status = "stalled";
                    break;
                }
                st.stepsRun += n;
                st.stepSeconds += (System.nanoTime() - c0) / 1e9;
                long prev = st.step;
                st.step += n;
                st.tokens += n * (long) s.run().globalBatch() * s.seqLen();
                model = engine.model();
                status = learning.afterFit(loss, st.step);
                if (status == null && (crossed(prev, st.step, s.run().logEvery()) || finalStep(st))) {
                    loss = engine.loggedLoss(loss, blocks, n);
                    console.progress(st, loss, LossMath.learningRate(model), metrics, t0);
                    status = learning.afterFit(loss, st.step);
                }
                if (status == null && val != null && (crossed(prev, st.step, s.run().evalEvery()) || finalStep(st))) {
                    status = learning.afterValidation(validate(model, val, st, metrics), model, st.step);
                }
                if (status == null && checkpointDue(prev, st)) {
                    status = learning.beforeCheckpoint(model, st.step);
                    if (status == null) {
                        checkpoint(model, st, metrics);
                    }
                }
                if (status != null) {
                    console.line(learning.reason());
                    break;
                }
            }
            finish(status, model, val, st, metrics);
            if (engine.summary() != null) {
                console.line(engine.summary());
            }
        } finally {
            flush(metrics); // also when the run fails: lines past the last checkpoint stay visible
        }
        Outcome o = Outcome.of(exitCode(status, st), status, st);
        console.summary(o, st, fs);
        return o;
    }

    /** Why the loop ends before the next step, or null to go on. */
    private String stopReason(RunState st, long t0) {
        if (st.step >= s.run().maxSteps()) {
            return "finished";
        }
        if (Preemption.requested()) {
            return "preempted";
        }
        if (s.run().maxMinutes() > 0 && (System.nanoTime() - t0) / 6e10 >= s.run().maxMinutes()) {
            return "budget";
        }
        return null;
    }

    /** After the loop: a budget's end is a natural reporting point; the last step gets a checkpoint. */
    private void finish(String status, ComputationGraph model, List<MultiDataSet> val, RunState st,
                        MetricsLog metrics) throws IOException {
        if (status.equals("budget") && st.progressed() && !st.validatedNow() && val != null) {
            validate(model, val, st, metrics);
        }
        if (!st.checkpointedNow() && st.progressed() && !status.equals("stalled")
                && !status.equals(LearningGuard.STATUS)) {
            checkpoint(model, st, metrics);
        }
    }

    private static int exitCode(String status, RunState st) {
        return switch (status) {
            case "preempted" -> ExitCodes.PREEMPTED;
            case "stalled" -> ExitCodes.STALLED;
            case LearningGuard.STATUS -> ExitCodes.NOT_LEARNING;
            case "budget" -> st.progressed() ? ExitCodes.OK : ExitCodes.NO_PROGRESS;
            default -> ExitCodes.OK;
        };
    }

    private boolean finalStep(RunState st) {
        return st.step == s.run().maxSteps();
    }

    private boolean checkpointDue(long prev, RunState st) {
        boolean timed = s.run().checkpointEveryMinutes() > 0
                && (System.nanoTime() - st.lastCkNanos) / 6e10 >= s.run().checkpointEveryMinutes();
        return crossed(prev, st.step, s.run().checkpointEverySteps()) || timed || finalStep(st);
    }

    /** The blocks of steps [step, step + n): step-major, within a step accumulation round-major, then worker. */
    private List<Block> blocks(long step, int n) {
        int m = s.run().blocksPerStep();
        List<Block> out = new ArrayList<>(n * m);
        for (long g = step * m; g < (step + n) * m; g++) {
            out.add(s.train().block(g));
        }
        return out;
    }

    private EvalResult validate(ComputationGraph model, List<MultiDataSet> val, RunState st, MetricsLog metrics) {
        EvalResult e = s.evaluator().evaluate(model, val);
        metrics.validation(st.step, e.lossPerToken(), e.mlmAccuracy(), e.extras());
        st.validated(e);
        console.validation(st.step, e);
        return e;
    }

    private void checkpoint(ComputationGraph model, RunState st, MetricsLog metrics) throws IOException {
        st.considerBest();
        RunCheckpoints.write(s, fs, output, model, st, console);
        CheckpointStore.prune(fs, output, s.run().keepCheckpoints(), st.bestStep);
        flush(metrics);
        st.lastCkStep = st.step;
        st.lastCkNanos = System.nanoTime();
    }

    /**
     * Rewrites metrics.jsonl, then the report; a report that cannot be drawn or written is a console warning, not
     * the end of the run (metrics.jsonl, written first, holds everything it shows).
     */
    private void flush(MetricsLog metrics) throws IOException {
        metrics.flush();
        try {
            report.write(metrics.lines());
        } catch (IOException | RuntimeException | LinkageError e) {
            console.line("warning: the training report was not written: " + e);
        }
    }

    private StepEngine engine(ComputationGraph model) {
        RunSettings r = s.run();
        if (r.trainer().equals("local")) {
            return new LocalEngine(model, s.loader(), r.workers(), r.gradAccumSteps(), r.seed(), s.gradClip());
        }
        sc = spark == null ? null : spark.get();
        if (sc == null) {
            throw new IllegalStateException("trainer=" + r.trainer() + " needs a SparkContext");
        }
        if (r.trainer().equals("sync")) {
            return new SyncEngine(sc, model, s.loader(), r.workers(), r.gradAccumSteps(), r.seed(), s.gradClip());
        }
        MultiDataSet probe = s.loader().load(List.of(s.train().block(0)), 0);
        double tokensPerExample = (double) Batches.predictedTokens(probe) / LossMath.examples(probe);
        return new SparkEngine(sc, model, TrainingMasters.build(r, s.gradClip(),
                s.optim() == null ? null : s.optim().lrSchedule()), s.listeners(), s.loader(),
                r.workers(), r.gradAccumSteps(),
                r.trainer().equals("shared") ? r.sharedSyncEvery() : r.averagingFrequency(), tokensPerExample);
    }

    /** On a stall: cancel the training call's Spark jobs, interrupting their tasks. */
    private void cancelSparkJobs() {
        if (sc != null) {
            sc.cancelJobGroup(SparkEngine.JOB_GROUP);
        }
    }

    private List<MultiDataSet> loadValidation() {
        if (s.val() == null) {
            console.line("no validation split: validation loss is not measured");
            return null;
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (Block b : s.val().sequential(s.run().evalBatches())) {
            out.add(s.loader().load(List.of(b), b.globalIndex()));
        }
        return out;
    }

    static boolean crossed(long prev, long now, long every) {
        return every > 0 && prev / every != now / every;
    }

}
