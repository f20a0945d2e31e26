package io.sparklm.prep.job;

import io.sparklm.tokenizer.Tokenizer;

import java.io.Serializable;

/** Special token ids looked up by name (never hard-coded); -1 when absent. */
public record SpecialTokens(int eos, int pad, int cls, int sep, int mask) implements Serializable {
    public static SpecialTokens of(Tokenizer t) {
        return new SpecialTokens(first(t, "<|endoftext|>", "[SEP]", "</s>"), first(t, "[PAD]", "<|pad|>", "<pad>"),
                first(t, "[CLS]", "<s>"), first(t, "[SEP]", "</s>"), first(t, "[MASK]", "<mask>"));
    }

    private static int first(Tokenizer t, String... names) {
        for (String n : names) {
            int id = t.tokenToId(n);
            if (id >= 0) {
                return id;
            }
        }
        return -1;
    }

    /** Throws IllegalArgumentException with a clear message when the objective's tokens are missing. */
    public void requireFor(String objective, String tokenizerUri) {
        if (objective.equals("clm") && eos < 0) {
            throw new IllegalArgumentException("objective clm needs an end-of-document token (<|endoftext|> or [SEP])"
                    + " but tokenizer " + tokenizerUri + " has neither");
        }
        if (objective.equals("mlm")) {
            StringBuilder missing = new StringBuilder();
            if (cls < 0) missing.append(" [CLS]");
            if (sep < 0) missing.append(" [SEP]");
            if (mask < 0) missing.append(" [MASK]");
            if (pad < 0) missing.append(" [PAD]");
            if (missing.length() > 0) {
                throw new IllegalArgumentException("objective mlm needs [CLS], [SEP], [MASK] and [PAD]; tokenizer "
                        + tokenizerUri + " lacks" + missing + " (train a wordpiece tokenizer, or use objective clm)");
            }
        }
    }
}
