package io.sparklm.prep.job;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A lazy flat-map over one partition's iterator, the base of the per-partition steps: {@link #process} turns each
 * input into zero or more outputs through {@link #emit}, {@link #finish} may emit more after the last input (e.g.
 * flush a packer). Memory holds the outputs of one input at a time.
 */
public abstract class PartitionFlatMap<A, B> implements Iterator<B> {
    private final Iterator<A> in;
    private final ArrayDeque<B> queue = new ArrayDeque<>();
    private boolean ended;

    protected PartitionFlatMap(Iterator<A> in) {
        this.in = in;
    }

    /** Handles one input; may call {@link #emit} any number of times. */
    protected abstract void process(A input);

    /** Runs once after the last input; may call {@link #emit}. */
    protected void finish() {
    }

    /** Queues one output, returned by {@link #next} in emit order. */
    protected final void emit(B out) {
        queue.add(out);
    }

    @Override
    public final boolean hasNext() {
        while (queue.isEmpty()) {
            if (in.hasNext()) {
                process(in.next());
            } else if (!ended) {
                ended = true;
                finish();
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public final B next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }
}
