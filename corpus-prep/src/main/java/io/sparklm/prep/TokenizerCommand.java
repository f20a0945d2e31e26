package io.sparklm.prep;

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
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
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
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tokenizer CLI with Spark-side training. {@code train --input URI[,URI...] --type bpe|wordpiece --vocab-size N
 * --output FILE_OR_URI [--min-frequency N] [input keys as CorpusPrepJob]}: reads and cleans the corpus exactly
 * as the prep job does (same documents, duplicates removed), counts pre-tokenized words with reduceByKey, trains
 * on the driver and writes tokenizer.json atomically. {@code encode}/{@code decode} delegate to
 * {@code io.sparklm.tokenizer.cli.TokenizerCli}. Exit codes: 0 ok, 1 failure, 2 bad arguments.
 */
public final class TokenizerCommand {
    static final String USAGE = String.join("\n",
            "usage: TokenizerCommand train --input URI[,URI...] --type bpe|wordpiece --vocab-size N --output FILE_OR_URI",
            "                              [--min-frequency 2] [lowercase=true] [overwrite=false] [input keys]",
            "       TokenizerCommand encode --tokenizer FILE [--add-special-tokens] < in.jsonl > out.jsonl",
            "       TokenizerCommand decode --tokenizer FILE [--skip-special-tokens] < ids.jsonl > out.jsonl",
            "input keys: format=text|jsonl text-field=text doc-split=file|blank-line|line html=false",
            "            normalize=nfc|nfkc|none min-chars=1 max-chars=10000000 split-mb=32 partitions=0",
            "special tokens: bpe <|endoftext|>,[PAD],[MASK]; wordpiece [PAD],[UNK],[CLS],[SEP],[MASK] (ids 0..)");

    /** Settings of {@code train}. */
    public record TrainConfig(InputOptions input, String type, int vocabSize, long minFrequency, boolean lowercase,
                              String output, int partitions, boolean overwrite) implements Serializable {
        public static TrainConfig from(ConfigMap c) {
            InputOptions in = InputOptions.from(c);
            String type = c.choice("type", null, "bpe", "wordpiece");
            if (type == null) {
                throw new ConfigException("type", null, "bpe or wordpiece (this key is required)");
            }
            int vocab = c.integer("vocab-size", 0, 1, 10_000_000);
            if (vocab == 0) {
                throw new ConfigException("vocab-size", null, "a positive integer (this key is required)");
            }
            return new TrainConfig(in, type, vocab, c.longValue("min-frequency", 2, 1, Long.MAX_VALUE),
                    c.bool("lowercase", true), c.requiredString("output"), c.integer("partitions", 0, 0, 100_000),
                    c.bool("overwrite", true));
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>(input.asMap());
            m.put("type", type);
            m.put("vocab-size", vocabSize);
            m.put("min-frequency", minFrequency);
            if (type.equals("wordpiece")) {
                m.put("lowercase", lowercase);
            }
            m.put("output", output);
            return m;
        }
    }

    private TokenizerCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("encode") || args[0].equals("decode"))) {
            delegate(args);
            return;
        }
        int rc = run(args, System.out, System.err);
        if (rc != 0) {
            io.sparklm.cli.ExitCodes.exit(rc);
        }
    }

    private static void delegate(String[] args) throws Exception {
        Class<?> cli;
        try {
            cli = Class.forName("io.sparklm.tokenizer.cli.TokenizerCli");
        } catch (ClassNotFoundException e) {
            System.err.println("error: io.sparklm.tokenizer.cli.TokenizerCli is not on the classpath");
            System.exit(1);
            return;
        }
        try {
            cli.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        }
    }

    /** Runs {@code train} (or usage); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        TrainConfig cfg;
        try {
            ConfigLoader.Parsed p = ConfigLoader.parse(args, "overwrite", "help");
            if (p.config().has("help") || args.length == 0) {
                out.println(USAGE);
                return 0;
            }
            if (p.positionals().size() != 1 || !p.positionals().get(0).equals("train")) {
                err.println("error: expected one sub-command: train, encode or decode (see --help)");
                return 2;
            }
            cfg = TrainConfig.from(p.config());
            p.config().requireAllUsed();
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            try (SparkContexts.Handle h = SparkContexts.open("sparklm-tokenizer-train")) {
                out.println(train(h.sc(), cfg).toString());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (DataException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (Exception e) {
            err.println("error: tokenizer training failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Trains and writes the tokenizer; returns a JSON summary (also what stdout shows). */
    public static ObjectNode train(JavaSparkContext sc, TrainConfig cfg) throws Exception {
        EffectiveConfig eff = new EffectiveConfig(cfg.asMap());
        eff.print("tokenizer train");
        Path outPath = new Path(HadoopFs.resolve(cfg.output()).toString());
        FileSystem fs = HadoopFs.fs(outPath, sc.hadoopConfiguration());
        if (fs.exists(outPath)) {
            if (!cfg.overwrite()) {
                throw new IllegalArgumentException("output " + outPath + " already exists (overwrite=false)");
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
