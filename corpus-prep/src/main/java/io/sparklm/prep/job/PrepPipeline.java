package io.sparklm.prep.job;

import io.sparklm.cli.DataException;
import io.sparklm.fs.HadoopConf;
import io.sparklm.prep.PrepConfig;
import io.sparklm.prep.read.InputPlan;
import io.sparklm.prep.read.SplitReader;
import io.sparklm.tokenizer.SpecialTokens;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spark wiring of corpus-prep, one line per step: plan splits, read and clean ({@link ReadSplits}), tokenize
 * on the map side ({@link TokenizeDocs}; one tokenizer per executor JVM), one shuffle that both deduplicates and
 * orders ({@link OrderPartitioner}, {@link SortedDedup}), per-partition counts ({@link CountPartition}), then clm
 * ({@link ClmShards}) or mlm ({@link MlmShards}) shards written into {@code tmpRoot}. Output bytes depend only on
 * input, config and seed, not on partitioning.
 */
public final class PrepPipeline {
    private PrepPipeline() {}

    /**
     * Runs the job; throws {@link DataException} when more input files than {@code max-unreadable} cannot be
     * opened or no training sequence results.
     */
    public static PrepResult run(JavaSparkContext sc, PrepConfig cfg, String tokenizerJson, SpecialTokens sp,
                                 int vocabSize, String tmpRoot) throws IOException {
        // read + clean + tokenize on the map side (the shuffle moves token ids rather than text), then ONE shuffle
        // that both deduplicates and orders: keys (mix(seed, hash), hash) are range-partitioned on the uniform mix
        // and sorted within partitions, so copies of a document meet as neighbours and the partitions, read in
        // index order, are the seeded global document order clm packs in
        InputPlan plan = CorpusReader.plan(sc, cfg.inputOptions());
        int parts = cfg.partitions() > 0 ? cfg.partitions() : shufflePartitions(plan.bytes(), sc.defaultParallelism());
        Broadcast<String> tokJson = sc.broadcast(tokenizerJson);
        PartitionTokenizer.Settings settings = new PartitionTokenizer.Settings(cfg.seed(),
                cfg.objective().equals("mlm"), sp.eos(), cfg.validationFraction());
        JavaPairRDD<DocKey, DedupValue> deduped = CorpusReader.read(sc, cfg.inputOptions(), plan)
                .mapPartitionsToPair(new TokenizeDocs(tokJson, settings))
                .repartitionAndSortWithinPartitions(new OrderPartitioner(parts))
                .mapPartitionsToPair(SortedDedup::new, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        DedupTotals totals = DedupTotals.of(deduped.mapPartitionsWithIndex(new CountPartition(), true).collect());
        cfg.inputOptions().requireReadable(totals.skipped(SplitReader.UNREADABLE_FILE));
        Progress.log("read %d records, kept %d documents (%d validation), %d tokens; skipped %s", totals.read(),
                totals.kept(), totals.docs(1), totals.documentTokens(), totals.skipped());

        ShardOutput out = new ShardOutput(tmpRoot, sp, vocabSize, HadoopConf.of(sc.hadoopConfiguration()));
        List<ShardResult> shards = cfg.objective().equals("mlm")
                ? MlmShards.write(deduped, totals, cfg, tokJson, out, parts)
                : ClmShards.write(deduped, totals, cfg, out);
        shards.sort(Comparator.comparing(ShardResult::path));
        long[] seqs = new long[2];
        int[] shardsPerSplit = new int[2];
        for (ShardResult s : shards) {
            int v = s.split().equals("validation") ? 1 : 0;
            seqs[v] += s.records();
            shardsPerSplit[v]++;
        }
        Progress.log("train: %d sequences in %d shards; validation: %d sequences in %d shards", seqs[0],
                shardsPerSplit[0], seqs[1], shardsPerSplit[1]);
        if (seqs[0] == 0) {
            throw new DataException("no training sequences: " + totals.kept() + " of " + totals.read()
                    + " records kept, " + totals.documentTokens() + " tokens (seq-len " + cfg.seqLen() + "; skipped "
                    + totals.skipped() + ")");
        }
        deduped.unpersist(false);
        long tokens = shards.stream().mapToLong(ShardResult::tokens).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("document_tokens", totals.documentTokens());
        stats.put("mean_document_tokens", totals.kept() == 0 ? 0.0 : (double) totals.documentTokens() / totals.kept());
        return new PrepResult(totals.read(), totals.kept(), totals.skipped(), totals.documentTokens(), shards,
                seqs[0], seqs[1], tokens, stats);
    }

    /** Shuffle partitions for {@code inputBytes} of input: the default parallelism (at least 2), at least one per 64 MiB. */
    static int shufflePartitions(long inputBytes, int defaultParallelism) {
        return (int) Math.min(100_000, Math.max(Math.max(2, defaultParallelism), (inputBytes >> 26) + 1));
    }
}
