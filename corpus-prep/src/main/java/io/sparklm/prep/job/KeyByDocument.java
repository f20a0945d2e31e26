package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;

/** Spark step of tokenizer training: a clean record keyed for dedup, by its document or as a skip under {@link DocKey#SKIP_COUNTS}. */
public final class KeyByDocument implements PairFunction<CleanRecord, DocKey, DocOrSkips> {
    @Override
    public Tuple2<DocKey, DocOrSkips> call(CleanRecord r) {
        return new Tuple2<>(r.isSkipped() ? DocKey.SKIP_COUNTS : DocKey.of(0L, r.hash()), DocOrSkips.of(r));
    }
}
