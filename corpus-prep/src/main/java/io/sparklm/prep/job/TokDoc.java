package io.sparklm.prep.job;

import java.io.Serializable;
import java.util.List;

/** A cleaned, deduplicated, tokenized document: hash id, split, and tokens (clm: one array ending in EOS; mlm: segments). */
public record TokDoc(String hash, boolean validation, int[] tokens, List<int[]> segments, long tokenCount)
        implements Serializable {}
