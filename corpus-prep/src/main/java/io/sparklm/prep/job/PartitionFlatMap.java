package io.sparklm.prep.job;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A lazy flat-map over a partition iterator: memory holds only the outputs of one input at a time. */
public final class PartitionFlatMap<A, B> implements Iterator<B> {
    private final Iterator<A> in;
    private final BiConsumer<A, Consumer<B>> fn;
    private final Consumer<Consumer<B>> atEnd;
    private final ArrayDeque<B> queue = new ArrayDeque<>();
    private boolean ended;

    /** {@code atEnd} (may be null) runs once after the last input, e.g. to flush a packer. */
    public PartitionFlatMap(Iterator<A> in, BiConsumer<A, Consumer<B>> fn, Consumer<Consumer<B>> atEnd) {
        this.in = in;
        this.fn = fn;
        this.atEnd = atEnd;
    }

    @Override
    public boolean hasNext() {
        while (queue.isEmpty()) {
            if (in.hasNext()) {
                fn.accept(in.next(), queue::add);
            } else if (!ended) {
                ended = true;
                if (atEnd != null) {
                    atEnd.accept(queue::add);
                }
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public B next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll();
    }
}
