package io.sparklm.prep.job;

import scala.Tuple2;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Exact dedup of a key-sorted stream: merges each run of equal {@link DocKey}s into one entry ({@link
 * DedupValue#merge}), so a document seen N times comes out once with {@code copies = N} and the map tasks' skip
 * counts come out as one sum.
 */
public final class SortedDedup implements Iterator<Tuple2<DocKey, DedupValue>> {
    private final Iterator<Tuple2<DocKey, DedupValue>> in;
    private Tuple2<DocKey, DedupValue> ahead;

    public SortedDedup(Iterator<Tuple2<DocKey, DedupValue>> sorted) {
        this.in = sorted;
        this.ahead = sorted.hasNext() ? sorted.next() : null;
    }

    @Override
    public boolean hasNext() {
        return ahead != null;
    }

    @Override
    public Tuple2<DocKey, DedupValue> next() {
        if (ahead == null) {
            throw new NoSuchElementException();
        }
        DocKey key = ahead._1();
        DedupValue acc = ahead._2();
        ahead = null;
        while (in.hasNext()) {
            Tuple2<DocKey, DedupValue> t = in.next();
            if (!t._1().equals(key)) {
                ahead = t;
                break;
            }
            acc = acc.merge(t._2());
        }
        return new Tuple2<>(key, acc);
    }
}
