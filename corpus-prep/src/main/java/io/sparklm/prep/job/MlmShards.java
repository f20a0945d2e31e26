package io.sparklm.prep.job;

import io.sparklm.prep.PrepConfig;
import io.sparklm.prep.seq.MlmSpec;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import io.sparklm.tokenizer.SpecialTokens;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * mlm as Spark wiring: per split, documents grouped by a seeded hash ({@code mlm-group-docs} per group on
 * average), BERT instances built and masked per group and counted (which sizes the shards); then both splits'
 * shards written in one job (train first).
 */
final class MlmShards {
    private MlmShards() {}

    static List<ShardResult> write(JavaPairRDD<DocKey, DedupValue> deduped, DedupTotals totals, PrepConfig cfg,
                                   Broadcast<String> tokenizerJson, ShardOutput out, int partitions) {
        SpecialTokens sp = out.specialTokens();
        boolean labels = cfg.masking().equals("static");
        MlmSpec spec = new MlmSpec(cfg.seqLen(), cfg.nsp(), cfg.shortSeqProb(), cfg.maskProb(),
                cfg.maxPredictionsPerSeq(), cfg.wholeWordMask(), labels, sp.cls(), sp.sep(), sp.mask(), sp.pad(),
                out.vocabSize(), cfg.seed());
        ShardPlan plan = new ShardPlan();
        JavaPairRDD<ShardKey, Piece> all = null;
        List<JavaPairRDD<PieceKey, Piece>> persisted = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            if (totals.docs(s) == 0) {
                continue;
            }
            long groups = Math.max(1, (totals.docs(s) + cfg.mlmGroupDocs() - 1) / cfg.mlmGroupDocs());
            JavaPairRDD<PieceKey, Piece> pieces = deduped.values().flatMap(new SplitDocs(s == 1))
                    .mapToPair(new KeyByMlmGroup(cfg.seed(), groups))
                    .groupByKey(partitions)
                    .flatMapToPair(new BuildMlmInstances(spec, cfg.dupeFactor(), tokenizerJson))
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            persisted.add(pieces);
            long n = pieces.count();
            if (n == 0) {
                continue;
            }
            int shards = ShardPlan.shardCount(n, cfg.seqLen(), out.vocabSize(), labels, cfg.nsp(), cfg.shardMb());
            int first = plan.add(shards, out.sink(s == 1 ? "validation" : "train", "mlm", cfg.seqLen(), labels,
                    cfg.nsp()));
            JavaPairRDD<ShardKey, Piece> keyed = pieces.mapToPair(new ToShardKey(first, shards));
            all = all == null ? keyed : all.union(keyed);
        }
        List<ShardResult> results = plan.isEmpty() ? new ArrayList<>() : WriteShards.run(all, plan);
        persisted.forEach(p -> p.unpersist(false));
        return results;
    }
}
