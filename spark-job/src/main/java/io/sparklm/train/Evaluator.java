package io.sparklm.train;

import io.sparklm.model.Batches;
import io.sparklm.train.engine.LossMath;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/** Validation loss in nats per predicted token over a fixed list of batches (weighted by predicted tokens). */
public interface Evaluator {
    double lossPerToken(ComputationGraph g, List<MultiDataSet> batches);

    /** Default: DL4J's inference score converted per token (see {@link LossMath}). */
    static Evaluator scoreBased() {
        return (g, batches) -> {
            double sum = 0;
            double tokens = 0;
            for (MultiDataSet m : batches) {
                double t = Batches.predictedTokens(m);
                sum += g.score(m, false) * LossMath.examples(m);
                tokens += t;
            }
            return tokens == 0 ? Double.NaN : sum / tokens;
        };
    }
}
