package io.sparklm.prep.job;

import io.sparklm.prep.seq.MlmBuilder;
import io.sparklm.prep.seq.MlmSpec;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Spark step: the mlm instances of one document group ({@link MlmBuilder#buildAll} over the group sorted by
 * document hash, {@code copies} = dupe-factor), each keyed by its seeded shuffle order.
 */
public final class BuildMlmInstances implements PairFlatMapFunction<Tuple2<Long, Iterable<TokDoc>>, PieceKey, Piece> {
    private final MlmSpec spec;
    private final int copies;
    private final Broadcast<String> tokenizerJson;

    /** {@code tokenizerJson} gives the word starts for whole-word masking (unused when {@code spec.wholeWord()} is off). */
    public BuildMlmInstances(MlmSpec spec, int copies, Broadcast<String> tokenizerJson) {
        this.spec = spec;
        this.copies = copies;
        this.tokenizerJson = tokenizerJson;
    }

    @Override
    public Iterator<Tuple2<PieceKey, Piece>> call(Tuple2<Long, Iterable<TokDoc>> group) {
        return build(group._2(), new MlmBuilder(spec, spec.wholeWord()
                ? TokenizerHolder.wordStart(tokenizerJson.value()) : null)).iterator();
    }

    /** The keyed instances of {@code docs} (the shuffle carries flat TokDocs; segments are split out only here). */
    List<Tuple2<PieceKey, Piece>> build(Iterable<TokDoc> docs, MlmBuilder builder) {
        List<MlmBuilder.Doc> group = new ArrayList<>();
        docs.forEach(d -> group.add(new MlmBuilder.Doc(d.hash(), d.segments())));
        group.sort(Comparator.comparing(MlmBuilder.Doc::hash));
        List<Tuple2<PieceKey, Piece>> out = new ArrayList<>();
        builder.buildAll(group, copies, p -> out.add(new Tuple2<>(PieceKey.mlm(spec.seed(), p), p)));
        return out;
    }
}
