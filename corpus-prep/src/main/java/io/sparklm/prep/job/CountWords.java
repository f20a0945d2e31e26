package io.sparklm.prep.job;

import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Spark step of tokenizer training: the pre-tokenized words of one document with their counts in it (nothing for skip counts). */
public final class CountWords implements PairFlatMapFunction<Tuple2<DocKey, DocOrSkips>, String, Long> {
    /** A trainer's pre-tokenizer (text to words). */
    public interface Pretokenizer extends Serializable {
        List<String> words(String text);
    }

    private final Pretokenizer pretokenizer;

    public CountWords(Pretokenizer pretokenizer) {
        this.pretokenizer = pretokenizer;
    }

    @Override
    public Iterator<Tuple2<String, Long>> call(Tuple2<DocKey, DocOrSkips> doc) {
        String text = doc._2().text();
        if (text == null) {
            return Collections.emptyIterator();
        }
        Map<String, Long> local = new HashMap<>();
        for (String w : pretokenizer.words(text)) {
            local.merge(w, 1L, Long::sum);
        }
        return local.entrySet().stream().map(e -> new Tuple2<>(e.getKey(), e.getValue())).iterator();
    }
}
