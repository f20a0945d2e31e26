package io.sparklm.prep.job;

import java.io.Serializable;

/**
 * A value of the dedup shuffle: a document with its copy count ({@link DocCopies}, under the document's
 * {@link DocKey}) or a map task's skipped records ({@link SkipCounts}, under {@link DocKey#SKIP_COUNTS}).
 */
public sealed interface DedupValue extends Serializable permits DocCopies, SkipCounts {
    /** Merges two values of one key (both of this value's type) into one. */
    DedupValue merge(DedupValue other);
}
