package io.sparklm.infer;

/**
 * One hypothesis being decoded: its {@link ContextWindow} and whatever a decoding path keeps about it.
 * {@link #next} is the next-token distribution after the ids appended so far ({@code [vocab]}, sums to 1; callers
 * must not modify it); {@link #append} adds a chosen id; {@link #copy} forks the hypothesis (beam search).
 */
interface DecodeState {
    double[] next();

    void append(int id);

    DecodeState copy();
}
