package io.sparklm.prep.job;

import org.apache.spark.api.java.function.FlatMapFunction;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Spark step: the documents of one split (train or validation) that have tokens, out of the dedup values. */
public final class SplitDocs implements FlatMapFunction<DedupValue, TokDoc> {
    private final boolean validation;

    public SplitDocs(boolean validation) {
        this.validation = validation;
    }

    @Override
    public Iterator<TokDoc> call(DedupValue v) {
        return v instanceof DocCopies c && c.doc().tokenCount() > 0 && c.doc().validation() == validation
                ? List.of(c.doc()).iterator() : Collections.emptyIterator();
    }
}
