package io.sparklm.prep.job;

import io.sparklm.prep.seq.DocHash;
import io.sparklm.rng.Rng;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;

/** Spark step: a document keyed by its mlm group in [0, groups), a seeded hash of the document (NSP draws random-next segments within a group). */
public final class KeyByMlmGroup implements PairFunction<TokDoc, Long, TokDoc> {
    private final long seed;
    private final long groups;

    public KeyByMlmGroup(long seed, long groups) {
        this.seed = seed;
        this.groups = groups;
    }

    /** The group of the document with hash {@code hash}. */
    public long group(String hash) {
        return Long.remainderUnsigned(Rng.mix(seed, 0x6E0L, DocHash.high(hash), DocHash.low(hash)), groups);
    }

    @Override
    public Tuple2<Long, TokDoc> call(TokDoc d) {
        return new Tuple2<>(group(d.hash()), d);
    }
}
