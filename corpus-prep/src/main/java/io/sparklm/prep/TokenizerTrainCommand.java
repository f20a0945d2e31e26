package io.sparklm.prep;

import io.sparklm.cli.Command;
import io.sparklm.cli.DataException;
import io.sparklm.cli.ExitCodes;
import io.sparklm.prep.job.CountWords;
import io.sparklm.prep.job.DocKey;
import io.sparklm.prep.job.DocOrSkips;
import io.sparklm.prep.job.KeyByDocument;
import io.sparklm.prep.read.SplitReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.fs.HadoopFs;
import io.sparklm.prep.job.CorpusReader;
import io.sparklm.prep.job.Progress;
import io.sparklm.prep.job.SparkContexts;
import io.sparklm.tokenizer.BpeTrainer;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.WordPieceTrainer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sparklm tokenizer train}: trains a BPE or WordPiece tokenizer with Spark. Reads and cleans the corpus
 * exactly as corpus-prep does (same documents, duplicates removed), counts pre-tokenized words with reduceByKey,
 * trains on the driver and writes tokenizer.json atomically; stdout gets one JSON summary line. A vocabulary
 * smaller than asked fails (the corpus is too small), as do unreadable inputs beyond {@code max-unreadable}.
 */
public final class TokenizerTrainCommand implements Command {
    public static final Key<String> TYPE = Key.choice("type", "", "the tokenizer model: byte-level BPE (GPT-2 "
            + "style, specials <|endoftext|> [PAD] [MASK]) or WordPiece (BERT style, [PAD] [UNK] [CLS] [SEP] [MASK])",
            "bpe", "wordpiece").computedDefault("required");
    public static final Key<Integer> VOCAB_SIZE = Key.integer("vocab-size", 0, 1, 10_000_000,
            "tokens in the vocabulary, specials included").computedDefault("required");
    public static final Key<Long> MIN_FREQUENCY = Key.longValue("min-frequency", 2, 1, Long.MAX_VALUE,
            "merges (bpe) or pieces (wordpiece) need words seen at least this often");
    public static final Key<Boolean> LOWERCASE = Key.bool("lowercase", true, "wordpiece: lower-case and strip accents");
    public static final Key<String> OUTPUT = Key.required("output", "URI", "the tokenizer.json to write");
    public static final Key<Integer> PARTITIONS = PrepConfig.PARTITIONS;
    public static final Key<Boolean> OVERWRITE = Key.bool("overwrite", true, "replace an existing output file");

    /** Settings of {@code train}. */
    public record TrainConfig(InputOptions input, String type, int vocabSize, long minFrequency, boolean lowercase,
                              String output, int partitions, boolean overwrite) implements Serializable {
        public static TrainConfig from(ConfigMap c) {
            InputOptions in = InputOptions.from(c);
            String type = TYPE.get(c, null);
            if (type == null) {
                throw new ConfigException(TYPE.name(), null, "bpe or wordpiece (this key is required)");
            }
            int vocab = VOCAB_SIZE.get(c);
            if (vocab == 0) {
                throw new ConfigException(VOCAB_SIZE.name(), null, "a positive integer (this key is required)");
            }
            return new TrainConfig(in, type, vocab, MIN_FREQUENCY.get(c), LOWERCASE.get(c), OUTPUT.get(c),
                    PARTITIONS.get(c), OVERWRITE.get(c));
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>(input.asMap());
            m.put(TYPE.name(), type);
            m.put(VOCAB_SIZE.name(), vocabSize);
            m.put(MIN_FREQUENCY.name(), minFrequency);
            if (type.equals("wordpiece")) {
                m.put(LOWERCASE.name(), lowercase);
            }
            m.put(OUTPUT.name(), output);
            return m;
        }
    }

    @Override
    public String name() {
        return "tokenizer train";
    }

    @Override
    public String summary() {
        return "train a BPE or WordPiece tokenizer on a corpus with Spark (read as corpus-prep reads it)";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("tokenizer", TYPE, VOCAB_SIZE, MIN_FREQUENCY, LOWERCASE, OUTPUT, PARTITIONS,
                OVERWRITE), new KeyGroup("input", InputOptions.KEYS));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        TrainConfig cfg = TrainConfig.from(c);
        try (SparkContexts.Handle h = SparkContexts.open("sparklm-tokenizer-train")) {
            out.println(train(h.sc(), cfg).toString());
        }
        return ExitCodes.OK;
    }

    /** Trains and writes the tokenizer; returns a JSON summary (also what stdout shows). */
    public static ObjectNode train(JavaSparkContext sc, TrainConfig cfg) throws Exception {
        EffectiveConfig eff = new EffectiveConfig(cfg.asMap());
        eff.print("tokenizer train");
        Path outPath = new Path(HadoopFs.resolve(cfg.output()).toString());
        FileSystem fs = HadoopFs.fs(outPath, sc.hadoopConfiguration());
        if (fs.exists(outPath)) {
            if (!cfg.overwrite()) {
                throw new ConfigException("config key 'output': " + outPath + " already exists (overwrite=false)");
            }
            Progress.log("%s exists and will be replaced when training succeeds", outPath);
        }
        BpeTrainer bpe = cfg.type().equals("bpe") ? new BpeTrainer(cfg.vocabSize(), cfg.minFrequency(),
                BpeTrainer.DEFAULT_SPECIAL_TOKENS, false) : null;
        WordPieceTrainer wp = cfg.type().equals("wordpiece") ? new WordPieceTrainer(cfg.vocabSize(),
                cfg.minFrequency(), WordPieceTrainer.DEFAULT_SPECIAL_TOKENS, cfg.lowercase()) : null;
        int parts = cfg.partitions() > 0 ? cfg.partitions() : Math.max(2, sc.defaultParallelism());
        // one pass over the input: documents deduplicated by content hash, skip reasons counted under their own key
        JavaPairRDD<DocKey, DocOrSkips> docs = CorpusReader.read(sc, cfg.input(), CorpusReader.plan(sc, cfg.input()))
                .mapToPair(new KeyByDocument())
                .reduceByKey(DocOrSkips::merge, parts);
        Map<String, Long> skipped = new TreeMap<>();
        docs.lookup(DocKey.SKIP_COUNTS).forEach(d -> skipped.putAll(d.skipped().asMap()));
        cfg.input().requireReadable(skipped.getOrDefault(SplitReader.UNREADABLE_FILE, 0L));
        CountWords.Pretokenizer words = bpe != null ? bpe::pretokenize : wp::pretokenize;
        JavaPairRDD<String, Long> counts = docs.flatMapToPair(new CountWords(words)).reduceByKey(Long::sum, parts);
        Map<String, Long> wordCounts = new HashMap<>(counts.collectAsMap());
        long total = wordCounts.values().stream().mapToLong(Long::longValue).sum();
        Progress.log("counted %d words, %d distinct (records skipped: %s); training %s with vocab %d", total,
                wordCounts.size(), skipped, cfg.type(), cfg.vocabSize());
        long t0 = System.nanoTime();
        Tokenizer tok = bpe != null ? bpe.train(wordCounts) : wp.train(wordCounts);
        double trainSec = (System.nanoTime() - t0) / 1e9;
        if (tok.vocabSize() < cfg.vocabSize()) {
            throw new DataException("the corpus gives a vocabulary of " + tok.vocabSize() + " tokens, "
                    + cfg.vocabSize() + " were asked: " + wordCounts.size() + " distinct words (min-frequency "
                    + cfg.minFrequency() + "), records skipped " + skipped + "; use more text or a smaller vocab-size");
        }
        HadoopFs.writeStringAtomically(fs, outPath, tok.toJson());
        Progress.log("wrote %s (vocab %d) after %.1f s of training", outPath, tok.vocabSize(), trainSec);
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("output", outPath.toString());
        o.put("type", tok.type());
        o.put("vocab_size", tok.vocabSize());
        o.put("words", total);
        o.put("distinct_words", wordCounts.size());
        o.put("train_seconds", trainSec);
        o.put("sha256", HadoopFs.sha256(fs, outPath));
        o.put("config_hash", eff.hash());
        return o;
    }
}
