package io.sparklm.eval;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/**
 * Validation metrics over a fixed list of batches: loss in nats per predicted token (every predicted token weighs
 * the same), perplexity, and masked-token top-1 accuracy for MLM models (NaN otherwise); see {@link EvalResult}.
 */
public interface Evaluator {
    EvalResult evaluate(ComputationGraph g, List<MultiDataSet> batches);

    /** The trainer's evaluator: {@link Evaluation} on the softmax outputs (inference mode). */
    static Evaluator softmaxOutputs() {
        return (g, batches) -> Evaluation.evaluate(g, batches.iterator());
    }
}
