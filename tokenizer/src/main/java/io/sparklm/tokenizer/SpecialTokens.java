package io.sparklm.tokenizer;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The special tokens of a tokenizer, looked up by name (never hard-coded): end of document, padding, [CLS], [SEP],
 * [MASK] ids (-1 when absent) and the ids of every added token flagged special (never masked or predicted).
 */
public record SpecialTokens(int eos, int pad, int cls, int sep, int mask, int[] specialIds) implements Serializable {
    public static SpecialTokens of(Tokenizer t) {
        int[] specials = t.addedTokens().stream().filter(AddedToken::special).mapToInt(AddedToken::id)
                .filter(id -> id >= 0).sorted().toArray();
        return new SpecialTokens(first(t, "<|endoftext|>", "[SEP]", "</s>"), first(t, "[PAD]", "<|pad|>", "<pad>"),
                first(t, "[CLS]", "<s>"), first(t, "[SEP]", "</s>"), first(t, "[MASK]", "<mask>"), specials);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecialTokens s && eos == s.eos && pad == s.pad && cls == s.cls && sep == s.sep
                && mask == s.mask && Arrays.equals(specialIds, s.specialIds);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(eos, pad, cls, sep, mask) + Arrays.hashCode(specialIds);
    }
}
