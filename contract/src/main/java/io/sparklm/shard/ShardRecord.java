package io.sparklm.shard;

/**
 * One training sequence. inputIds: length seqLen. labels: null when the shard has none (clm, or mlm with
 * masking=dynamic); else length seqLen with -1 = not predicted, else the original token id. segmentIds: length
 * seqLen; mlm: 0 for [CLS] A [SEP] (and padding), 1 for B [SEP]; clm: index (0,1,2,..) of the document each
 * token belongs to within the window, for blocking attention across documents. nspLabel: -1 none, 0 = B follows
 * A, 1 = B random.
 */
public record ShardRecord(int[] inputIds, int[] labels, int[] segmentIds, int nspLabel) {
    /** Segment ids of a complete clm window: the number of EOS tokens before each position. */
    public static int[] clmSegmentIds(int[] window, int eosId) {
        int[] seg = new int[window.length];
        int s = 0;
        for (int i = 0; i < window.length; i++) {
            seg[i] = s;
            if (window[i] == eosId) {
                s++;
            }
        }
        return seg;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardRecord r && java.util.Arrays.equals(inputIds, r.inputIds)
                && java.util.Arrays.equals(labels, r.labels) && java.util.Arrays.equals(segmentIds, r.segmentIds)
                && nspLabel == r.nspLabel;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(inputIds), java.util.Arrays.hashCode(labels),
                java.util.Arrays.hashCode(segmentIds), nspLabel);
    }

    @Override
    public String toString() {
        return "ShardRecord[inputIds=" + java.util.Arrays.toString(inputIds) + ", labels="
                + java.util.Arrays.toString(labels) + ", segmentIds=" + java.util.Arrays.toString(segmentIds)
                + ", nspLabel=" + nspLabel + "]";
    }
}
