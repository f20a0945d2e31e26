package io.sparklm.train;

import io.sparklm.eval.Evaluator;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.fs.HadoopFs;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointStore;
import io.sparklm.batch.Batches;
import io.sparklm.eval.EvalResult;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.LmHeadLayer;
import io.sparklm.train.checkpoint.CheckpointWriter;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import io.sparklm.train.engine.LocalEngine;
import io.sparklm.train.engine.LossMath;
import io.sparklm.train.engine.SparkEngine;
import io.sparklm.train.engine.StepEngine;
import io.sparklm.train.engine.TrainingMasters;
import io.sparklm.train.run.MetricsLog;
import io.sparklm.train.run.Preemption;
import io.sparklm.train.run.RunLock;
import io.sparklm.train.run.StallGuard;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The training loop shared by all trainers: resume from the newest valid checkpoint (or start fresh and measure the
 * step-0 validation loss), run steps in engine-sized calls, log, evaluate, checkpoint every N steps / M minutes,
 * stop on max-steps, time budget or SIGTERM. The data order depends only on (seed, step), so a resumed run
 * reads exactly the blocks an uninterrupted run would.
 */
public final class Trainer {
    /**
     * Everything a run needs; {@code val} null without validation. {@code listeners}: training listeners every training copy of the model must carry
     * (e.g. global-norm clipping); DL4J serializes none, so they are re-attached after a restore and handed to the
     * Spark training master for the workers' copies.
     */
    public record Setup(RunSettings run, Supplier<ComputationGraph> newModel, List<TrainingListener> listeners,
                        BatchLoader loader, BlockPlan train, BlockPlan val, int seqLen, EffectiveConfig config,
                        byte[] tokenizerJson, Evaluator evaluator) {}

    /**
     * Result of a run: exit code (see {@link ExitCodes}), final step, last and step-0 validation losses (nats per
     * token), masked-token accuracy of the last validation (NaN for gpt or when not measured).
     */
    public record Outcome(int exitCode, long step, double valLoss, double initialValLoss, String status,
                          double valMlmAcc) {
        /** One JSON line; {@code val_mlm_acc} only when measured (MLM runs), like metrics.jsonl. */
        public String toJson() {
            String acc = Double.isFinite(valMlmAcc) ? ",\"val_mlm_acc\":" + num(valMlmAcc) : "";
            return String.format(Locale.ROOT,
                    "{\"status\":\"%s\",\"step\":%d,\"val_loss\":%s,\"val_ppl\":%s%s,\"initial_val_loss\":%s}",
                    status, step, num(valLoss), num(Math.exp(valLoss)), acc, num(initialValLoss));
        }

        private static String num(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
        }
    }

    private final Setup s;
    private final FileSystem fs;
    private final Path output;
    private final JavaSparkContext sc;
    /** Test hook: throw after this step completes (simulates a crash / kill); -1 disables. */
    private long crashAfterStep = -1;
    /** Test hook: called with the step after every engine call (e.g. to raise SIGTERM). */
    private java.util.function.LongConsumer afterStep;

    public Trainer(Setup setup, FileSystem fs, Path output, JavaSparkContext sc) {
        this.s = setup;
        this.fs = fs;
        this.output = output;
        this.sc = sc;
    }

    /** Simulated crash for tests: an IllegalStateException right after {@code step} completes. */
    public Trainer crashAfterStep(long step) {
        this.crashAfterStep = step;
        return this;
    }

    /** Test hook, see {@link #afterStep}. */
    public Trainer afterStep(java.util.function.LongConsumer hook) {
        this.afterStep = hook;
        return this;
    }

    public Outcome run() throws IOException {
        RunLock lock;
        try {
            lock = RunLock.acquire(fs, output, s.run().lockStaleSeconds() * 1000);
        } catch (RunLock.LockedException e) {
            System.err.println("[train] " + e.getMessage());
            return new Outcome(ExitCodes.LOCKED, -1, Double.NaN, Double.NaN, "locked", Double.NaN);
        }
        try (lock) {
            return runLocked();
        }
    }

    private Outcome runLocked() throws IOException {
        RunSettings r = s.run();
        long t0 = System.nanoTime();
        CheckpointStore.cleanTemp(fs, output);
        HadoopFs.writeStringAtomically(fs, new Path(output, "config.json"), s.config().toJson());

        ComputationGraph model;
        TrainState state;
        Optional<Path> ck = CheckpointResolver.newestValid(fs, output);
        if (ck.isPresent()) {
            try (FSDataInputStream in = fs.open(new Path(ck.get(), CheckpointWriter.MODEL))) {
                model = ModelSerializer.restoreComputationGraph(in, true);
            }
            LmHeadLayer.requireIn(model, TransformerModel.LM, "checkpoint " + ck.get());
            model.setListeners(s.listeners());
            state = TrainState.fromJson(HadoopFs.readString(fs, new Path(ck.get(), CheckpointWriter.STATE)));
            if (!identityHash().equals(state.configHash())) {
                System.err.println("[train] note: config differs from the checkpoint's (hash "
                        + state.configHash().substring(0, Math.min(12, state.configHash().length())) + ")");
            }
            System.err.println("[train] resuming from " + ck.get() + " at step " + state.step() + " (epoch "
                    + state.epoch() + ", shard " + state.shardIndex() + ", record " + state.record() + ")");
            Block expected = s.train().block(state.step() * r.workers());
            if (expected.epoch() != state.epoch() || expected.shardIndex() != state.shardIndex()
                    || expected.first() != state.record()) {
                System.err.println("[train] warning: the data order changed since the checkpoint (it expected epoch "
                        + state.epoch() + " shard " + state.shardIndex() + " record " + state.record()
                        + ", the data now gives epoch " + expected.epoch() + " shard " + expected.shardIndex()
                        + " record " + expected.first() + "): different data, batch size, workers or seed");
            }
        } else {
            model = s.newModel().get();
            state = TrainState.fresh(r.seed(), identityHash());
            System.err.println("[train] starting fresh: " + model.numParams() + " parameters");
        }
        MetricsLog metrics = MetricsLog.load(fs, output, ck.isPresent() ? state.step() : -1);
        List<MultiDataSet> valBatches = loadValidation();

        long step = state.step();
        long tokens = state.tokensSeen();
        double lastVal = state.lastValLoss();
        double lastAcc = state.lastValMlmAcc();
        long lastValStep = ck.isPresent() ? step : -1;
        double initialVal = state.initialValLoss();
        double bestCkVal = state.bestValLoss();
        long bestCkStep = state.bestStep();
        long startStep = step;
        long lastCkStep = ck.isPresent() ? step : -1;

        if (step == 0 && Double.isNaN(initialVal) && valBatches != null) {
            EvalResult e = validate(model, valBatches, 0, metrics);
            initialVal = e.lossPerToken();
            lastVal = initialVal;
            lastAcc = e.mlmAccuracy();
            lastValStep = 0;
        }

        Preemption.install();
        String status = "finished";
        long lastCkNanos = System.nanoTime();
        long logNanos = System.nanoTime();
        long logTokens = tokens;
        long tokensPerStep = (long) r.globalBatch() * s.seqLen();
        try (StepEngine engine = engine(model);
             StallGuard guard = new StallGuard(r.stallTimeoutSeconds() * 1000, this::cancelSparkJobs)) {
            while (step < r.maxSteps()) {
                if (Preemption.requested()) {
                    status = "preempted";
                    break;
                }
                if (r.maxMinutes() > 0 && (System.nanoTime() - t0) / 6e10 >= r.maxMinutes()) {
                    status = "budget";
                    break;
                }
                int n = (int) Math.min(engine.stepsPerCall(), r.maxSteps() - step);
                List<Block> blocks = new ArrayList<>(n * r.workers());
                for (long g = step * r.workers(); g < (step + n) * r.workers(); g++) {
                    blocks.add(s.train().block(g));
                }
                double loss;
                try {
                    long from = step;
                    loss = guard.call("the engine call for steps " + (step + 1) + ".." + (step + n),
                            () -> engine.fit(blocks, from, n));
                } catch (StallGuard.StalledException e) {
                    status = "stalled";
                    reportStall(e, step);
                    break;
                }
                if (!Double.isFinite(loss) && !r.trainer().equals("shared")) {
                    System.err.println("[train] warning: non-finite training loss at step " + (step + n));
                }
                long prev = step;
                step += n;
                tokens += n * tokensPerStep;
                model = engine.model();
                if (crossed(prev, step, r.logEvery()) || step == r.maxSteps()) {
                    long now = System.nanoTime();
                    double tps = (tokens - logTokens) / Math.max(1e-9, (now - logNanos) / 1e9);
                    double lr = LossMath.learningRate(model);
                    loss = engine.loggedLoss(loss, blocks, n);
                    metrics.train(step, loss, lr, tps);
                    double eta = (r.maxSteps() - step) * (double) tokensPerStep / Math.max(tps, 1e-9);
                    System.err.printf(Locale.ROOT, "[train] step %d/%d loss %.4f lr %.3e tok/s %.0f eta %s%n",
                            step, r.maxSteps(), loss, lr, tps, duration(eta));
                    logNanos = now;
                    logTokens = tokens;
                }
                boolean finalStep = step == r.maxSteps();
                if (valBatches != null && (crossed(prev, step, r.evalEvery()) || finalStep)) {
                    EvalResult e = validate(model, valBatches, step, metrics);
                    lastVal = e.lossPerToken();
                    lastAcc = e.mlmAccuracy();
                    lastValStep = step;
                }
                boolean timeCk = r.checkpointEveryMinutes() > 0
                        && (System.nanoTime() - lastCkNanos) / 6e10 >= r.checkpointEveryMinutes();
                if (crossed(prev, step, r.checkpointEverySteps()) || timeCk || finalStep) {
                    if (lastValStep == step && Double.isFinite(lastVal)
                            && (!Double.isFinite(bestCkVal) || lastVal < bestCkVal)) {
                        bestCkVal = lastVal;
                        bestCkStep = step;
                    }
                    checkpoint(model, step, tokens, lastVal, lastAcc, bestCkVal, bestCkStep, initialVal, metrics);
                    lastCkStep = step;
                    lastCkNanos = System.nanoTime();
                }
                if (afterStep != null) {
                    afterStep.accept(step);
                }
                if (step >= crashAfterStep && crashAfterStep >= 0) {
                    metrics.flush(title()); // a killed run may have written lines past its last checkpoint
                    throw new IllegalStateException("simulated crash after step " + step);
                }
            }
            if (status.equals("budget") && step > startStep && lastValStep != step && valBatches != null) {
                // the budget's end is a natural reporting point: measure so the printed result is current
                EvalResult e = validate(model, valBatches, step, metrics);
                lastVal = e.lossPerToken();
                lastAcc = e.mlmAccuracy();
                lastValStep = step;
                if (!Double.isFinite(bestCkVal) || lastVal < bestCkVal) {
                    bestCkVal = lastVal;
                    bestCkStep = step;
                }
            }
            if (lastCkStep != step && step > startStep && !status.equals("stalled")) {
                checkpoint(model, step, tokens, lastVal, lastAcc, bestCkVal, bestCkStep, initialVal, metrics);
            }
        }
        metrics.flush(title());
        int code;
        switch (status) {
            case "preempted" -> code = ExitCodes.PREEMPTED;
            case "stalled" -> code = ExitCodes.STALLED;
            case "budget" -> code = step > startStep ? ExitCodes.OK : ExitCodes.NO_PROGRESS;
            default -> code = ExitCodes.OK;
        }
        return new Outcome(code, step, lastVal, initialVal, status, lastAcc);
    }

    /**
     * Prints the stall and writes the thread dump next to the checkpoints ({@code stall-step-N.txt}, N = the last
     * completed step); the newest checkpoint stays the resume point.
     */
    private void reportStall(StallGuard.StalledException e, long step) {
        Path dump = new Path(output, String.format(Locale.ROOT, "stall-step-%08d.txt", step));
        System.err.println("[train] stalled: " + e.getMessage());
        try {
            HadoopFs.writeStringAtomically(fs, dump, e.getMessage() + "\n\n" + e.threadDump());
            System.err.println("[train] thread dump: " + dump + "; re-run the same command to resume from the last"
                    + " checkpoint");
        } catch (IOException io) {
            System.err.println("[train] could not write the thread dump to " + dump + " (" + io.getMessage()
                    + "); it follows:\n" + e.threadDump());
        }
    }

    /** On a stall: cancel the training call's Spark jobs, interrupting their tasks. */
    private void cancelSparkJobs() {
        if (sc != null) {
            sc.cancelJobGroup(SparkEngine.JOB_GROUP);
        }
    }

    /** Evaluates, appends the validation line to {@code metrics} and prints the console line. */
    private EvalResult validate(ComputationGraph model, List<MultiDataSet> valBatches, long step,
                                MetricsLog metrics) {
        EvalResult e = s.evaluator().evaluate(model, valBatches);
        metrics.validation(step, e.lossPerToken(), e.mlmAccuracy());
        String acc = Double.isFinite(e.mlmAccuracy())
                ? String.format(Locale.ROOT, " mlm_acc %.4f", e.mlmAccuracy()) : "";
        System.err.printf(Locale.ROOT, "[train] step %d val_loss %.4f (ppl %.2f)%s%n", step, e.lossPerToken(),
                e.perplexity(), acc);
        return e;
    }

    private void checkpoint(ComputationGraph model, long step, long tokens, double lastVal, double lastAcc,
                            double bestVal, long bestStep, double initialVal, MetricsLog metrics)
            throws IOException {
        long g = step * s.run().workers();
        Block next = s.train().block(g);
        TrainState st = new TrainState(TrainState.FORMAT_VERSION, step, tokens, next.epoch(), next.shardIndex(),
                next.first(), g, s.run().seed(), model.getConfiguration().getIterationCount(), lastVal, bestVal,
                bestStep, initialVal, identityHash(), lastAcc);
        long t = System.nanoTime();
        Path dir = new CheckpointWriter(fs, output).write(step, model, st.toJson(), s.config().toJson(),
                s.tokenizerJson());
        CheckpointStore.prune(fs, output, s.run().keepCheckpoints(), bestStep);
        metrics.flush(title());
        System.err.printf(Locale.ROOT, "[checkpoint] wrote %s in %.1f s%n", dir, (System.nanoTime() - t) / 1e9);
    }

    private StepEngine engine(ComputationGraph model) {
        RunSettings r = s.run();
        if (r.trainer().equals("local")) {
            return new LocalEngine(model, s.loader(), r.workers(), r.seed());
        }
        if (sc == null) {
            throw new IllegalStateException("trainer=" + r.trainer() + " needs a SparkContext");
        }
        MultiDataSet probe = s.loader().load(List.of(s.train().block(0)), 0);
        double tokensPerExample = (double) Batches.predictedTokens(probe) / LossMath.examples(probe);
        return new SparkEngine(sc, model, TrainingMasters.build(r), s.listeners(), s.loader(), r.workers(),
                r.averagingFrequency(), tokensPerExample);
    }

    private List<MultiDataSet> loadValidation() {
        if (s.val() == null) {
            System.err.println("[train] no validation split: validation loss is not measured");
            return null;
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (Block b : s.val().sequential(s.run().evalBatches())) {
            out.add(s.loader().load(List.of(b), b.globalIndex()));
        }
        return out;
    }

    /** Hash of the config without the keys that may change between invocations of one run (budget, paths). */
    private String identityHash() {
        java.util.Map<String, Object> m = new java.util.TreeMap<>(s.config().values());
        for (String k : List.of("max-steps", "max-minutes", "output", "data", "lock-stale-seconds",
                "stall-timeout-seconds")) {
            m.remove(k);
        }
        return new EffectiveConfig(m).hash();
    }

    private String title() {
        return "sparklm loss curve: " + output;
    }

    static boolean crossed(long prev, long now, long every) {
        return every > 0 && prev / every != now / every;
    }

    private static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long sec = (long) seconds;
        return sec >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", sec / 3600, sec % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", sec / 60, sec % 60);
    }
}
