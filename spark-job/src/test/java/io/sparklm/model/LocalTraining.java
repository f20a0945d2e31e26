package io.sparklm.model;

import io.sparklm.batch.Batches;
import io.sparklm.optim.GlobalNormClipping;
import io.sparklm.optim.WarmupDecaySchedule;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.engine.LossMath;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Test helper: single-process training steps on one graph: makes sure {@link GlobalNormClipping} is attached when
 * {@code gradClip > 0} (once; {@link TransformerModel#build} already attaches it),
 * fits one MultiDataSet per call and reports the data loss as mean cross-entropy per predicted token
 * ({@link LossMath}: DL4J score minus its weight-decay penalty, * B / N; for bert+nsp the NSP loss is included in the same units), the learning rate used,
 * the pre-clip gradient norm and input tokens per second (B*T / wall time of the step).
 */
public final class LocalTraining {
    /** Result of one optimizer step. {@code step} is the 0-based index of the step just taken. */
    public record StepResult(long step, double lossPerToken, double lr, double gradNorm, long predictedTokens,
                             long inputTokens, double tokensPerSecond) {}

    private final ComputationGraph graph;
    private final WarmupDecaySchedule schedule;
    private final GlobalNormClipping clipping;

    public LocalTraining(ComputationGraph graph, OptimConfig optim) {
        this.graph = graph;
        this.schedule = optim.lrSchedule();
        TransformerModel.attachTrainingListeners(graph, optim);
        this.clipping = graph.getListeners() == null ? null : graph.getListeners().stream()
                .filter(l -> l instanceof GlobalNormClipping).map(l -> (GlobalNormClipping) l).findFirst().orElse(null);
    }

    public ComputationGraph graph() {
        return graph;
    }

    public StepResult step(MultiDataSet batch) {
        long step = graph.getIterationCount();
        double lr = schedule.valueAt((int) step, 0);
        long predicted = Batches.predictedTokens(batch);
        long b = batch.getFeatures(0).size(0);
        long inputTokens = b * batch.getFeatures(0).size(batch.getFeatures(0).rank() - 1);
        double penalty = graph.calcRegularizationScore(true); // what fit's score adds, at the same params
        long t0 = System.nanoTime();
        graph.fit(batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double loss = LossMath.perToken(LossMath.dataScore(graph.score(), penalty), batch);
        return new StepResult(step, loss, lr, clipping == null ? Double.NaN : clipping.lastNorm(), predicted,
                inputTokens, inputTokens / seconds);
    }
}
