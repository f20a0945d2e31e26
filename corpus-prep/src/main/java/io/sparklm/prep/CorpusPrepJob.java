package io.sparklm.prep;

import io.sparklm.shard.Manifest;
import io.sparklm.config.ConfigException;
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


/**
 * The corpus-prep Spark job ({@link CorpusPrepCommand} is its command line): reads, cleans, deduplicates and
 * tokenizes a corpus and writes deterministic shards, tokenizer.json, config.json and manifest.json into the output,
 * committed by one rename. Bad settings are {@link ConfigException}s naming the key; unusable data
 * {@link io.sparklm.cli.DataException}s.
 */
public final class CorpusPrepJob {
    private CorpusPrepJob() {}

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
            throw new ConfigException("config key 'tokenizer': " + cfg.tokenizer() + " does not exist");
        }
        String tokJson = HadoopFs.readString(tokFs, tokPath);
        Tokenizer tok;
        try {
            tok = io.sparklm.prep.job.TokenizerHolder.get(tokJson); // parsed once per JVM (local mode: tasks reuse it)
        } catch (RuntimeException e) {
            throw new ConfigException("config key 'tokenizer': " + cfg.tokenizer() + " is not a valid tokenizer.json: "
                    + e.getMessage());
        }
        SpecialTokens sp = SpecialTokens.of(tok);
        Progress.log("tokenizer %s: %s, vocab %d", cfg.tokenizer(), tok.type(), tok.vocabSize());
        try {
            sp.requireFor(cfg.objective(), cfg.tokenizer());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'tokenizer': " + e.getMessage());
        }
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
