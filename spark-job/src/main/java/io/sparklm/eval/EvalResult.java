package io.sparklm.eval;

import java.util.List;
import java.util.Map;

/**
 * Held-out metrics: mean natural-log cross-entropy per predicted token (per example for a classifier), its exp
 * (perplexity), masked-token top-1 accuracy (NaN for gpt), and the number of predicted tokens they are averaged
 * over. {@code extras}: further metrics under their metrics.jsonl keys (a classifier's accuracy, macro-F1,
 * per-class scores and confusion matrix; empty for language models), JSON-serializable values in order;
 * {@code report}: lines for the console after the validation line (empty when none).
 */
public record EvalResult(double lossPerToken, double perplexity, double mlmAccuracy, long tokens,
                         Map<String, Object> extras, List<String> report) {

    public EvalResult {
        extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
        report = List.copyOf(report);
    }

    /** A language model's result: no extra metrics, no report lines. */
    public EvalResult(double lossPerToken, double perplexity, double mlmAccuracy, long tokens) {
        this(lossPerToken, perplexity, mlmAccuracy, tokens, Map.of(), List.of());
    }
}
