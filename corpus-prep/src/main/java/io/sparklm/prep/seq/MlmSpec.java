package io.sparklm.prep.seq;

import java.io.Serializable;

/**
 * Settings of BERT-style MLM instance creation and masking. Probabilities in [0,1]; token ids from the
 * tokenizer by name. {@code staticMasking=false} stores unmasked sequences (labels null) for dynamic masking.
 */
public record MlmSpec(int seqLen, boolean nsp, double shortSeqProb, double maskProb, int maxPredictions,
                      boolean wholeWord, boolean staticMasking, int clsId, int sepId, int maskId, int padId,
                      int vocabSize, long seed) implements Serializable {
    /** Max tokens of A+B: seqLen minus [CLS] and one or two [SEP]. */
    public int maxNumTokens() {
        return seqLen - (nsp ? 3 : 2);
    }

    boolean special(int id) {
        return id == clsId || id == sepId || id == maskId || id == padId;
    }
}
