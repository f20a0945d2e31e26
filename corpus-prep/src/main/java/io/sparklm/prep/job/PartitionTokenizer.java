package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;
import io.sparklm.tokenizer.Tokenizer;
import scala.Tuple2;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The map side of the dedup shuffle over one input partition: each document becomes ({@link DocKey}, {@link
 * DocCopies}), tokenized at its first copy in the partition (later copies carry only their count); skipped records
 * are counted and follow the last document as one {@link SkipCounts} under {@link DocKey#SKIP_COUNTS} (none when
 * nothing was skipped).
 */
public final class PartitionTokenizer extends PartitionFlatMap<CleanRecord, Tuple2<DocKey, DedupValue>> {
    /** Seed of the document order, objective (mlm: sentence segments), EOS id (clm) and validation fraction. */
    public record Settings(long seed, boolean mlm, int eos, double validationFraction) implements Serializable {}

    private final Tokenizer tokenizer;
    private final Settings settings;
    private final Set<String> seen = new HashSet<>();
    private final SkipCounts skipped = new SkipCounts();

    public PartitionTokenizer(Tokenizer tokenizer, Settings settings, Iterator<CleanRecord> records) {
        super(records);
        this.tokenizer = tokenizer;
        this.settings = settings;
    }

    @Override
    protected void process(CleanRecord r) {
        if (r.isSkipped()) {
            skipped.add(r.skipReason());
            return;
        }
        TokDoc doc = seen.add(r.hash()) ? TokDoc.encode(tokenizer, r.hash(), r.text(), settings.mlm(), settings.eos(),
                settings.validationFraction()) : null;
        emit(new Tuple2<>(DocKey.of(settings.seed(), r.hash()), new DocCopies(doc, 1L)));
    }

    @Override
    protected void finish() {
        if (!skipped.isEmpty()) {
            emit(new Tuple2<>(DocKey.SKIP_COUNTS, skipped));
        }
    }
}
