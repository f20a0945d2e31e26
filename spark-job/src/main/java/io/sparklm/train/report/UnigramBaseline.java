package io.sparklm.train.report;

import java.util.Locale;

/**
 * The unigram entropy of the training tokens in nats per token: the loss of a model that ignores context, the
 * line a language model's validation loss must get under. {@code tokens}: the non-padding tokens it was computed
 * from, of {@code trainTokens} sequence positions in the training split; {@code exact}: every training token was
 * counted (then it equals {@code sparklm inspect}'s {@code train_unigram_entropy_nats}).
 */
public record UnigramBaseline(double nats, long tokens, long trainTokens, boolean exact) {

    /** How it was measured, for the console and the report: "all 1,234 training tokens" or a sample's size. */
    public String describe() {
        return exact ? String.format(Locale.ROOT, "all %,d training tokens", tokens)
                : String.format(Locale.ROOT, "a sample of %,d of %,d training tokens", tokens, trainTokens);
    }
}
