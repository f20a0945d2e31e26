package io.sparklm.prep.job;

import io.sparklm.prep.clean.CleanRecord;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

import java.util.Iterator;

/** Spark step: a {@link PartitionTokenizer} over each input partition, with the executor JVM's tokenizer. */
public final class TokenizeDocs implements PairFlatMapFunction<Iterator<CleanRecord>, DocKey, DedupValue> {
    private final Broadcast<String> tokenizerJson;
    private final PartitionTokenizer.Settings settings;

    public TokenizeDocs(Broadcast<String> tokenizerJson, PartitionTokenizer.Settings settings) {
        this.tokenizerJson = tokenizerJson;
        this.settings = settings;
    }

    @Override
    public Iterator<Tuple2<DocKey, DedupValue>> call(Iterator<CleanRecord> records) {
        return new PartitionTokenizer(TokenizerHolder.get(tokenizerJson.value()), settings, records);
    }
}
