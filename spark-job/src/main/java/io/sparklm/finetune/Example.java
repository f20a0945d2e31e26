package io.sparklm.finetune;

/**
 * One tokenized example: {@code ids} (1 to max-length token ids, special tokens included, no padding),
 * {@code segmentStart} the first position of the second text (segment 1; {@code ids.length} without a pair) and
 * {@code label} the class index in the label set (-1 when unlabelled).
 */
public record Example(int[] ids, int segmentStart, int label) {
    public Example {
        if (ids.length == 0) {
            throw new IllegalArgumentException("an example needs at least one token");
        }
        if (segmentStart < 0 || segmentStart > ids.length) {
            throw new IllegalArgumentException("segment start " + segmentStart + " outside [0, " + ids.length + "]");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && java.util.Arrays.equals(ids, e.ids) && segmentStart == e.segmentStart
                && label == e.label;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ids) * 31 + segmentStart * 7 + label;
    }

    @Override
    public String toString() {
        return "Example[ids=" + java.util.Arrays.toString(ids) + ", segmentStart=" + segmentStart + ", label="
                + label + "]";
    }
}
