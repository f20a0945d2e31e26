package io.sparklm.prep.job;

import io.sparklm.fs.HadoopConf;
import io.sparklm.tokenizer.SpecialTokens;

import java.io.Serializable;

/** Where and how a run writes shards: the output's temporary root URI, the tokenizer's special tokens and vocabulary size, the Hadoop configuration. */
public record ShardOutput(String tmpRoot, SpecialTokens specialTokens, int vocabSize, HadoopConf hadoop)
        implements Serializable {
    /** The sink of split {@code split} ("train" or "validation"); {@code labels}: stored mlm labels (static masking). */
    public ShardSink sink(String split, String objective, int seqLen, boolean labels, boolean nsp) {
        return new ShardSink(tmpRoot, split, objective, seqLen, vocabSize, labels, nsp, specialTokens, hadoop);
    }
}
