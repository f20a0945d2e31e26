package io.sparklm.prep.job;

import org.apache.spark.util.KnownSizeEstimation;

/**
 * A document and how many input records it stands for; {@code doc} is null for a copy whose document a map task
 * already tokenized (only the count travels).
 */
public record DocCopies(TokDoc doc, long copies) implements DedupValue, KnownSizeEstimation {
    @Override
    public long estimatedSize() {
        return HeapSize.align(HeapSize.HEADER + HeapSize.REF + 8) + (doc == null ? 0 : doc.estimatedSize());
    }

    /** Merges two entries of one document: keeps a tokenized copy, adds the counts. */
    @Override
    public DocCopies merge(DedupValue other) {
        DocCopies o = (DocCopies) other;
        return new DocCopies(doc != null ? doc : o.doc, copies + o.copies);
    }
}
