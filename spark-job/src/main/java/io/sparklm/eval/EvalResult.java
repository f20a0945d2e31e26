package io.sparklm.eval;

/**
 * Held-out metrics: mean natural-log cross-entropy per predicted token, its exp (perplexity), masked-token
 * top-1 accuracy (NaN for gpt), and the number of predicted tokens they are averaged over.
 */
public record EvalResult(double lossPerToken, double perplexity, double mlmAccuracy, long tokens) {}
