package io.sparklm.prep.job;

import java.io.Serializable;
import org.apache.spark.util.KnownSizeEstimation;

/** A document (null for a skip-reason count or an already-seen copy) and how many input records it stands for. */
public record DocCopies(TokDoc doc, long copies) implements Serializable, KnownSizeEstimation {
    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + HeapSize.REF + 8) + (doc == null ? 0 : doc.estimatedSize());
    }

    /** Merges two entries of one key: keeps a tokenized copy, adds the counts. */
    public DocCopies merge(DocCopies o) {
        return new DocCopies(doc != null ? doc : o.doc, copies + o.copies);
    }
}
