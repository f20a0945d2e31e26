package io.sparklm.prep.job;

import io.sparklm.cli.DataException;
import io.sparklm.prep.read.InputPlan;
import io.sparklm.prep.read.SplitReader;
import io.sparklm.fs.HadoopConf;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.shard.Manifest;
import io.sparklm.prep.PrepConfig;
import io.sparklm.shard.ShardEntry;
import io.sparklm.prep.seq.ClmPacker;
import io.sparklm.prep.seq.DocHash;
import io.sparklm.prep.seq.MlmBuilder;
import io.sparklm.prep.seq.MlmSpec;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import io.sparklm.rng.Rng;
import io.sparklm.shard.ShardFormat;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Spark wiring of corpus-prep: plan splits, read, clean and tokenize (one tokenizer per executor JVM; skip
 * reasons counted as data, not accumulators), one shuffle for exact dedup by content hash and the seeded document
 * order, per-partition counts, split by document hash, pack (clm) or build instances and mask (mlm), shuffle
 * into shards by a seeded hash, write shards into {@code tmpRoot}. Output bytes depend only on input, config and seed, not on partitioning.
 */
public final class PrepPipeline {
    private PrepPipeline() {}

    public static PrepResult run(JavaSparkContext sc, PrepConfig cfg, String tokenizerJson, SpecialTokens sp,
                             int vocabSize, String tmpRoot) throws IOException {
        // 1+2+3. read + clean + tokenize (map side, so the shuffle moves token ids rather than text), then ONE
        // shuffle that both deduplicates and orders: keys are (mix(seed, hash), hash), range-partitioned on the
        // uniform mix and sorted within partitions, so copies of a document meet as neighbours (SortedDedup) and the
        // partitions, read in index order, are the seeded global document order clm packs in. A document repeated
        // within one input partition is tokenized once there (the copies only add to its count); skip reasons are
        // counted per input partition and cross the shuffle as one ("\0reason", count) entry each.
        InputPlan plan = CorpusReader.plan(sc, cfg.inputOptions());
        JavaPairRDD<String, String> records = CorpusReader.read(sc, cfg.inputOptions(), plan);
        // shuffle partitions: given, else the default parallelism, at least one per 64 MB of input
        int parts = cfg.partitions() > 0 ? cfg.partitions() : (int) Math.min(100_000, Math.max(
                Math.max(2, sc.defaultParallelism()), (plan.bytes() >> 26) + 1));
        Broadcast<String> tokJson = sc.broadcast(tokenizerJson);
        HadoopConf hadoop = HadoopConf.of(sc.hadoopConfiguration());
        boolean mlm = cfg.objective().equals("mlm");
        double valFrac = cfg.validationFraction();
        int eos = sp.eos();
        long seed = cfg.seed();
        JavaPairRDD<DocKey, DocCopies> deduped = records.mapPartitionsToPair(it -> {
            Tokenizer tok = TokenizerHolder.get(tokJson.value());
            java.util.HashSet<String> seen = new java.util.HashSet<>();
            Map<String, Long> skips = new TreeMap<>();
            return new PartitionFlatMap<Tuple2<String, String>, Tuple2<DocKey, DocCopies>>(it, (t, emit) -> {
                if (t._1().startsWith(CorpusReader.SKIP)) {
                    skips.merge(t._1().substring(1), 1L, Long::sum);
                } else {
                    emit.accept(new Tuple2<>(DocKey.of(seed, t._1()), new DocCopies(!seen.add(t._1()) ? null
                            : TokDoc.encode(tok, t._1(), t._2(), mlm, eos, valFrac), 1L)));
                }
            }, emit -> skips.forEach((r, n) -> emit.accept(new Tuple2<>(DocKey.skip(r), new DocCopies(null, n)))));
        }).repartitionAndSortWithinPartitions(new OrderPartitioner(parts))
                .mapPartitionsToPair(SortedDedup::new, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<PartStats> ps = new ArrayList<>(deduped.mapPartitionsWithIndex((idx, it) -> {
            PartStats st = new PartStats(idx);
            it.forEachRemaining(t -> st.add(t._1(), t._2()));
            return List.of(st).iterator();
        }, true).collect());
        ps.sort(Comparator.comparingInt(PartStats::partition));
        Map<String, Long> skipped = new TreeMap<>();
        long dup = 0, noTok = 0, kept = 0, docTokens = 0;
        long[][] offsets = new long[2][ps.size() + 1];  // per split: tokens before each partition
        for (PartStats st : ps) {
            st.skipped().forEach((r, n) -> skipped.merge(r, n, Long::sum));
            dup += st.duplicates();
            noTok += st.noTokens();
            for (int s = 0; s < 2; s++) {
                kept += st.docs(s);
                docTokens += st.tokens(s);
                offsets[s][st.partition() + 1] = offsets[s][st.partition()] + st.tokens(s);
            }
        }
        long read = dup + noTok + kept + skipped.values().stream().mapToLong(Long::longValue).sum();
        if (dup > 0) {
            skipped.put("duplicate", dup);
        }
        if (noTok > 0) {
            skipped.put("no_tokens", noTok);
        }
        long valDocs = ps.stream().mapToLong(st -> st.docs(1)).sum();
        cfg.inputOptions().requireReadable(skipped.getOrDefault(SplitReader.UNREADABLE_FILE, 0L));
        Progress.log("read %d records, kept %d documents (%d validation), %d tokens; skipped %s", read, kept, valDocs,
                docTokens, skipped);

        // train and validation pieces go to their shards in one shuffle and one job (train shards first)
        List<SplitPieces> pieces = new ArrayList<>();
        List<ShardResult> results;
        if (mlm) {
            for (String split : List.of("train", "validation")) {
                boolean val = split.equals("validation");
                long splitDocs = ps.stream().mapToLong(st -> st.docs(val ? 1 : 0)).sum();
                SplitPieces p = mlmPieces(cfg, deduped.values().filter(d -> d.doc() != null
                                && d.doc().tokenCount() > 0 && d.doc().validation() == val).map(DocCopies::doc),
                        splitDocs, split, tokJson, sp, vocabSize, tmpRoot, parts, hadoop);
                if (p != null) {
                    pieces.add(p);
                }
            }
            results = writeShards(pieces);
        } else {
            results = clmShards(cfg, deduped, offsets, sp, vocabSize, tmpRoot, hadoop);
        }
        results.sort(Comparator.comparing(ShardResult::path));
        long[] seqs = new long[2];
        int[] shardsPerSplit = new int[2];
        for (ShardResult s : results) {
            int v = s.split().equals("validation") ? 1 : 0;
            seqs[v] += s.records();
            shardsPerSplit[v]++;
        }
        Progress.log("train: %d sequences in %d shards; validation: %d sequences in %d shards", seqs[0],
                shardsPerSplit[0], seqs[1], shardsPerSplit[1]);
        if (seqs[0] == 0) {
            throw new DataException("no training sequences: " + kept + " of " + read + " records kept, "
                    + docTokens + " tokens (seq-len " + cfg.seqLen() + "; skipped " + skipped + ")");
        }
        pieces.forEach(p -> p.pieces().unpersist(false));
        deduped.unpersist(false);
        long tokens = results.stream().mapToLong(ShardResult::tokens).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("document_tokens", docTokens);
        stats.put("mean_document_tokens", kept == 0 ? 0.0 : (double) docTokens / kept);
        return new PrepResult(read, kept, skipped, docTokens, results, seqs[0], seqs[1], tokens, stats);
    }

    /** A split's pieces on their way to shards, with the shard count and the sink that writes them. */
    private record SplitPieces(JavaPairRDD<PieceKey, Piece> pieces, int shards, ShardSink sink) {}

    /**
     * clm: packs both splits in one pass over the deduplicated partitions (one packer per split; partitions hold
     * consecutive slices of the seeded document order and offsets[split][idx] is the split's token count before
     * partition idx, so each partition packs its own part of each split's global token line) and writes their
     * shards; splits without a complete window get none.
     */
    private static List<ShardResult> clmShards(PrepConfig cfg, JavaPairRDD<DocKey, DocCopies> deduped,
                                               long[][] offsets, SpecialTokens sp, int vocabSize, String tmpRoot,
                                               HadoopConf hadoop) {
        long seed = cfg.seed();
        int seqLen = cfg.seqLen();
        long[] windows = new long[2];
        int[] first = new int[2];  // global index of the split's first shard
        int[] count = new int[2];  // shards of the split (0: no complete window)
        List<Integer> base = new ArrayList<>(List.of(0));
        List<ShardSink> sinks = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            windows[s] = offsets[s][offsets[s].length - 1] / seqLen;
            if (windows[s] > 0) {
                first[s] = base.get(base.size() - 1);
                count[s] = shardCount(windows[s], cfg, vocabSize, false, false);
                base.add(first[s] + count[s]);
                sinks.add(new ShardSink(tmpRoot, s == 1 ? "validation" : "train", "clm", seqLen, vocabSize, false,
                        false, sp, hadoop));
            }
        }
        if (sinks.isEmpty()) {
            return new ArrayList<>();
        }
        JavaPairRDD<ShardKey, Piece> all = deduped.mapPartitionsWithIndex((idx, it) -> {
            ClmPacker[] packer = new ClmPacker[2];
            Consumer<Tuple2<ShardKey, Piece>>[] sink = new Consumer[1];
            return new PartitionFlatMap<Tuple2<DocKey, DocCopies>, Tuple2<ShardKey, Piece>>(it, (t, emit) -> {
                TokDoc d = t._2().doc();
                int s = d == null ? 0 : d.validation() ? 1 : 0;
                if (d == null || d.tokenCount() == 0 || count[s] == 0) {
                    return;
                }
                if (packer[s] == null) {
                    packer[s] = new ClmPacker(offsets[s][idx], seqLen, windows[s], p -> {
                        PieceKey k = new PieceKey(Rng.mix(seed, 0xC1L, p.id()), p.id(), p.offset());
                        sink[0].accept(new Tuple2<>(new ShardKey(first[s] + k.shard(count[s]), k), p));
                    });
                }
                sink[0] = emit;
                packer[s].add(d.tokens());
            }, emit -> {
                sink[0] = emit;
                for (ClmPacker p : packer) {
                    if (p != null) {
                        p.flush();
                    }
                }
            });
        }, true).mapToPair(t -> t);
        return writeShards(all, base.stream().mapToInt(Integer::intValue).toArray(), sinks.toArray(new ShardSink[0]));
    }

    /** mlm instances of one split (persisted: counting them sizes the shards), or null when there are none. */
    private static SplitPieces mlmPieces(PrepConfig cfg, JavaRDD<TokDoc> part, long nDocs, String split,
                                         Broadcast<String> tokJson, SpecialTokens sp, int vocabSize,
                                         String tmpRoot, int parts, HadoopConf hadoop) {
        if (nDocs == 0) {
            return null;
        }
        boolean staticMask = cfg.masking().equals("static");
        MlmSpec spec = new MlmSpec(cfg.seqLen(), cfg.nsp(), cfg.shortSeqProb(), cfg.maskProb(),
                cfg.maxPredictionsPerSeq(), cfg.wholeWordMask(), staticMask, sp.cls(), sp.sep(), sp.mask(), sp.pad(),
                vocabSize, cfg.seed());
        long groups = Math.max(1, (nDocs + cfg.mlmGroupDocs() - 1) / cfg.mlmGroupDocs());
        long seed = cfg.seed();
        int dupe = cfg.dupeFactor();
        boolean ww = cfg.wholeWordMask();
        JavaPairRDD<PieceKey, Piece> pieces = part
                .mapToPair(d -> new Tuple2<>(Long.remainderUnsigned(
                        Rng.mix(seed, 0x6E0L, DocHash.high(d.hash()), DocHash.low(d.hash())), groups),
                        d))
                .groupByKey(parts)
                .flatMapToPair(g -> {
                    // the shuffle carries flat TokDocs; segments are split out only here
                    List<MlmBuilder.Doc> group = new ArrayList<>();
                    g._2().forEach(d -> group.add(new MlmBuilder.Doc(d.hash(), d.segments())));
                    group.sort(Comparator.comparing(MlmBuilder.Doc::hash));
                    MlmBuilder b = new MlmBuilder(spec, ww ? TokenizerHolder.wordStart(tokJson.value()) : null);
                    List<Tuple2<PieceKey, Piece>> ps = new ArrayList<>();
                    for (int c = 0; c < dupe; c++) {
                        for (int i = 0; i < group.size(); i++) {
                            b.build(group, i, c, p -> ps.add(new Tuple2<>(
                                    new PieceKey(Rng.mix(seed, 0x3A1L, p.id()), p.id(), 0), p)));
                        }
                    }
                    return ps.iterator();
                }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long n = pieces.count();
        if (n == 0) {
            pieces.unpersist(false);
            return null;
        }
        return new SplitPieces(pieces, shardCount(n, cfg, vocabSize, staticMask, cfg.nsp()),
                new ShardSink(tmpRoot, split, "mlm", cfg.seqLen(), vocabSize, staticMask, cfg.nsp(), sp, hadoop));
    }

    static int shardCount(long records, PrepConfig cfg, int vocabSize, boolean labels, boolean nsp) {
        long recBytes = ShardFormat.recordBytes(cfg.seqLen(), vocabSize, labels, nsp);
        long perShard = Math.max(1, ((long) cfg.shardMb() << 20) / recBytes);
        return (int) Math.min(100_000, Math.max(1, (records + perShard - 1) / perShard));
    }

    /** mlm: the splits' pieces keyed by global shard (train shards first), in one shuffle and one job. */
    private static List<ShardResult> writeShards(List<SplitPieces> splits) {
        if (splits.isEmpty()) {
            return new ArrayList<>();
        }
        JavaPairRDD<ShardKey, Piece> all = null;
        int[] base = new int[splits.size() + 1];
        ShardSink[] sinks = new ShardSink[splits.size()];
        for (int i = 0; i < splits.size(); i++) {
            int b = base[i];
            int n = splits.get(i).shards();
            JavaPairRDD<ShardKey, Piece> keyed = splits.get(i).pieces()
                    .mapToPair(t -> new Tuple2<>(new ShardKey(b + t._1().shard(n), t._1()), t._2()));
            all = all == null ? keyed : all.union(keyed);
            base[i + 1] = b + n;
            sinks[i] = splits.get(i).sink();
        }
        return writeShards(all, base, sinks);
    }

    /** Writes shard {@code g} (global index) with {@code sinks[i]} for base[i] <= g < base[i + 1]. */
    private static List<ShardResult> writeShards(JavaPairRDD<ShardKey, Piece> all, int[] base, ShardSink[] sinks) {
        return new ArrayList<>(all.repartitionAndSortWithinPartitions(new ShardPartitioner(base[sinks.length]))
                .mapPartitionsWithIndex((idx, it) -> {
                    int i = 0;
                    while (idx >= base[i + 1]) {
                        i++;
                    }
                    ShardResult r = sinks[i].write(idx - base[i], it);
                    return r == null ? Collections.<ShardResult>emptyIterator() : List.of(r).iterator();
                }, true).collect());
    }
}
