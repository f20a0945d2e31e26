package io.sparklm.infer;

import java.util.Arrays;

/**
 * The ids a GPT sees while generating, at positions {@code 0..length-1}: at the start the last {@code seqLen} ids
 * of the prompt (all of a shorter prompt); each generated id is appended, and when it does not fit (the window
 * already holds {@code seqLen} ids) the window becomes the newest {@code max(1, seqLen / 2)} ids, the new one
 * included, re-encoded from position 0. Both decoding paths of {@link Generator} follow this rule, so they see the
 * same windows; {@link #shifts} counts the re-encodings (a KV cache is refilled after each).
 */
final class ContextWindow {
    private final int capacity;
    private final int[] ids;
    private int length;
    private int shifts;

    private ContextWindow(int capacity, int[] ids, int length, int shifts) {
        this.capacity = capacity;
        this.ids = ids;
        this.length = length;
        this.shifts = shifts;
    }

    /** The starting window of {@code prompt} (not empty) for a model of window length {@code seqLen}. */
    static ContextWindow of(int[] prompt, int seqLen) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt encodes to no tokens");
        }
        if (seqLen < 1) {
            throw new IllegalArgumentException("seq-len must be positive, got " + seqLen);
        }
        int n = Math.min(prompt.length, seqLen);
        int[] ids = new int[seqLen];
        System.arraycopy(prompt, prompt.length - n, ids, 0, n);
        return new ContextWindow(seqLen, ids, n, 0);
    }

    /** Appends {@code id}, dropping the oldest ids first when the window is full (see the class comment). */
    void append(int id) {
        if (length == capacity) {
            int keep = Math.max(1, capacity / 2);
            System.arraycopy(ids, length - (keep - 1), ids, 0, keep - 1);
            length = keep - 1;
            shifts++;
        }
        ids[length++] = id;
    }

    /** Ids at positions {@code 0..length-1}; the array is this window's own (positions past length unspecified). */
    int[] ids() { return ids; }
    int length() { return length; }
    int shifts() { return shifts; }

    /** The ids in the window, as a new array. */
    int[] toArray() { return Arrays.copyOf(ids, length); }

    ContextWindow copy() {
        return new ContextWindow(capacity, ids.clone(), length, shifts);
    }
}
