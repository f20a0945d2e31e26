package io.sparklm.shard;

/**
 * Header of one shard file (see docs/shard-format.md): objective "clm" or "mlm", tokens per record, vocabulary
 * size (decides uint16 vs int32 token storage), record count, whether labels are stored, and the padding id
 * (-1 if the tokenizer has none).
 */
public record ShardHeader(String objective, int seqLen, int vocabSize, long records, boolean hasLabels, int padId) {
    /** Bytes per token id: 2 (uint16) when every id and the -1 label fit, else 4 (int32). */
    public int tokenWidth() {
        return ShardFormat.tokenWidth(vocabSize);
    }
}
