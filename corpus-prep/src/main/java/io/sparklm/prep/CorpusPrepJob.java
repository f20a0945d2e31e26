package io.sparklm.prep;

import io.sparklm.cli.DataException;
import io.sparklm.cli.ExitCodes;
import io.sparklm.shard.Manifest;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.fs.HadoopFs;
import io.sparklm.prep.job.OutputDir;
import io.sparklm.prep.job.PrepPipeline;
import io.sparklm.prep.job.PrepResult;
import io.sparklm.prep.job.Progress;
import io.sparklm.prep.job.SparkContexts;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;

/**
 * CLI of the corpus-prep Spark job. {@code --input URI[,URI...] --output URI --tokenizer URI --objective clm|mlm
 * --seq-len N --seed S [key=value ...]} prepares shards; {@code inspect OUTPUT} prints counts and masking
 * statistics as JSON. Exit codes: 0 ok, 1 runtime failure, 2 bad arguments.
 */
public final class CorpusPrepJob {
    static final String USAGE = String.join("\n",
            "usage: CorpusPrepJob --input URI[,URI...] --output URI --tokenizer URI --objective clm|mlm",
            "                     --seq-len N [--seed S] [--overwrite] [key=value ...]",
            "       CorpusPrepJob inspect OUTPUT_URI",
            "input keys:  format=text|jsonl  text-field=text  doc-split=file|blank-line|line  html=false",
            "             normalize=nfc|nfkc|none  min-chars=1  max-chars=10000000  split-mb=32",
            "output keys: validation-fraction=0.01  shard-mb=64  partitions=0 (Spark default parallelism)",
            "mlm keys:    mask-prob=0.15  max-predictions-per-seq=round(0.15*seq-len)+1  short-seq-prob=0.1",
            "             nsp=true  whole-word-mask=false  dupe-factor=1  masking=static|dynamic  mlm-group-docs=64",
            "also: --preset NAME | --config FILE (key = value lines). Spark master from -Dspark.master (default local[*]).");

    private CorpusPrepJob() {}

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        if (rc != 0) {
            io.sparklm.cli.ExitCodes.exit(rc);
        }
    }

    /** Runs the CLI; returns the exit code. Reuses an active SparkContext (tests), else creates one. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrepConfig cfg;
        ConfigLoader.Parsed parsed;
        try {
            parsed = ConfigLoader.parse(args, "overwrite", "help");
            if (parsed.config().has("help") || args.length == 0) {
                out.println(USAGE);
                return 0;
            }
            if (!parsed.positionals().isEmpty() && parsed.positionals().get(0).equals("inspect")) {
                if (parsed.positionals().size() != 2) {
                    err.println("error: inspect takes exactly one OUTPUT_URI");
                    return 2;
                }
                parsed.config().requireAllUsed();
                return Inspect.run(parsed.positionals().get(1), out, err);
            }
            if (!parsed.positionals().isEmpty()) {
                err.println("error: unexpected argument '" + parsed.positionals().get(0) + "' (see --help)");
                return 2;
            }
            cfg = PrepConfig.from(parsed.config());
            parsed.config().requireAllUsed();
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            Manifest m = prepare(cfg);
            com.fasterxml.jackson.databind.node.ObjectNode o = m.json();
            o.remove("config");
            o.remove("shards");
            o.put("shard_count", m.allShards().size());
            o.put("output", cfg.output());
            out.println(o.toString());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (DataException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (Exception e) {
            err.println("error: corpus-prep failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs the job for {@code cfg}; returns the manifest written. */
    public static Manifest prepare(PrepConfig cfg) throws Exception {
        try (SparkContexts.Handle h = SparkContexts.open("sparklm-prep")) {
            return prepare(h.sc(), cfg);
        }
    }

    /** Runs the job on an existing context (tests share one). */
    public static Manifest prepare(JavaSparkContext sc, PrepConfig cfg) throws Exception {
        EffectiveConfig eff = new EffectiveConfig(cfg.asMap());
        eff.print("corpus-prep");
        Path tokPath = HadoopFs.resolve(cfg.tokenizer());
        FileSystem tokFs = HadoopFs.fs(tokPath, sc.hadoopConfiguration());
        if (!tokFs.exists(tokPath)) {
            throw new IllegalArgumentException("tokenizer " + cfg.tokenizer() + " does not exist");
        }
        String tokJson = HadoopFs.readString(tokFs, tokPath);
        Tokenizer tok;
        try {
            tok = io.sparklm.prep.job.TokenizerHolder.get(tokJson); // parsed once per JVM (local mode: tasks reuse it)
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tokenizer " + cfg.tokenizer() + " is not a valid tokenizer.json: "
                    + e.getMessage(), e);
        }
        SpecialTokens sp = SpecialTokens.of(tok);
        Progress.log("tokenizer %s: %s, vocab %d", cfg.tokenizer(), tok.type(), tok.vocabSize());
        sp.requireFor(cfg.objective(), cfg.tokenizer());
        Path outPath = new Path(HadoopFs.resolve(cfg.output()).toString()); // drops a trailing slash
        FileSystem outFs = HadoopFs.fs(outPath, sc.hadoopConfiguration());
        OutputDir dir = new OutputDir(outFs, outPath, cfg.overwrite());
        try {
            PrepResult r = PrepPipeline.run(sc, cfg, tokJson, sp, tok.vocabSize(), dir.tmp().toString());
            HadoopFs.writeStringAtomically(outFs, new Path(dir.tmp(), "tokenizer.json"), tokJson);
            HadoopFs.writeStringAtomically(outFs, new Path(dir.tmp(), "config.json"), eff.toJson());
            Manifest m = r.manifest(cfg, tok.vocabSize(), sp.pad(), eff,
                    HadoopFs.sha256(outFs, new Path(dir.tmp(), "tokenizer.json")));
            HadoopFs.writeStringAtomically(outFs, new Path(dir.tmp(), Manifest.FILE), m.toJson());
            dir.commit();
            Progress.log("wrote %s: %d train + %d validation sequences, %d tokens, %d shards", outPath,
                    r.trainSeqs(), r.valSeqs(), r.tokens(), r.shards().size());
            return m;
        } catch (Exception | Error e) {
            dir.abort();
            throw e;
        }
    }
}
