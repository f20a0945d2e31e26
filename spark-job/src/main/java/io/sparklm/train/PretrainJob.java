package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import io.sparklm.eval.Evaluator;
import io.sparklm.batch.ShardBatchLoader;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import io.sparklm.shard.Manifest;
import io.sparklm.shard.ShardEntry;
import io.sparklm.batch.BlockPlan;
import io.sparklm.train.report.UnigramBaseline;
import io.sparklm.train.report.UnigramSampler;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLI: pre-trains a transformer LM on corpus-prep shards. Progress on stderr; on stdout one JSON line
 * {"status","step","val_loss","val_ppl"[,"val_mlm_acc"],"initial_val_loss"} (val_mlm_acc only for
 * MLM runs). Exit codes: see {@link ExitCodes}.
 */
public final class PretrainJob {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.train");
    private PretrainJob() {}

    /**
     * Runs the job with the composed settings; {@code sc} may be given (tests), else one is created when the
     * trainer needs Spark, after the output's lock is taken. While it runs, System.out is redirected to stderr
     * (SameDiff prints to stdout), so {@code stdout} carries only the result line.
     */
    static int run(ConfigMap c, JavaSparkContext sc, java.io.PrintStream stdout) throws IOException {
        java.io.PrintStream before = System.out;
        System.setOut(io.sparklm.train.run.NoiseFilter.over(System.err));
        try {
            return runJob(c, sc, stdout);
        } finally {
            System.setOut(before);
        }
    }

    private static int runJob(ConfigMap c, JavaSparkContext sc, java.io.PrintStream stdout) throws IOException {
        Configuration hconf = sc != null ? sc.hadoopConfiguration() : HadoopConf.fromSparkProperties();
        PretrainConfig pc;
        Manifest manifest;
        Path data;
        Path output;
        byte[] tokenizer;
        data = HadoopFs.resolve(RunSettings.DATA.get(c));
        output = HadoopFs.resolve(RunSettings.OUTPUT.get(c));
        FileSystem dfs = HadoopFs.fs(data, hconf);
        try {
            manifest = Manifest.read(dfs, data);
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException("config key 'data': " + e.getMessage());
        }
        Path tok = new Path(data, "tokenizer.json");
        tokenizer = dfs.exists(tok) ? dfs.open(tok).readAllBytes() : null;
        pc = PretrainConfig.from(c, manifest, tokenizer == null ? null : new String(tokenizer, StandardCharsets.UTF_8));
        EffectiveConfig eff = new EffectiveConfig(pc.asMap());
        eff.print("pretrain");
        RunSettings r = pc.run();
        BlockPlan train;
        BlockPlan val;
        try {
            train = plan(data, manifest.shards("train"), r.batchSizePerWorker(), r.seed(), false);
            List<ShardEntry> v = manifest.shards("validation");
            val = v.stream().mapToLong(ShardEntry::records).sum() == 0 ? null
                    : plan(data, v, r.batchSizePerWorker(), r.seed(), true);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key 'batch-size-per-worker': " + e.getMessage());
        }
        if (train.droppedRecordsPerEpoch() > 0) {
            LOG.info(train.droppedRecordsPerEpoch()
                    + " train records per epoch fall in shard tails shorter than a batch and are skipped");
        }
        ShardBatchLoader loader = new ShardBatchLoader(c.asMap(), manifest.vocabSize(), manifest.seqLen(),
                manifest.padId(), r.seed(), pc.dynamicMasking(), HadoopConf.of(hconf));
        Trainer.Setup setup = new Trainer.Setup(r, new InitialModel(pc, hconf, tokenizer),
                TransformerModel.trainingListeners(pc.optim()), loader,
                train, val, manifest.seqLen(), eff, tokenizer, Evaluator.softmaxOutputs(), pc.optim(),
                baseline(HadoopFs.fs(data, hconf), train, manifest.seqLen()));
        // Spark starts only when the trainer asks for it: after the output's lock is taken
        Outcome o = new LazySpark(sc, "sparklm-pretrain").train(setup, HadoopFs.fs(output, hconf), output);
        stdout.println(o.toJson());
        stdout.flush();
        return o.exitCode();
    }

    /** The training data's unigram baseline for the report (a bounded read), or null with a warning. */
    private static UnigramBaseline baseline(FileSystem fs, BlockPlan train, int seqLen) {
        long t0 = System.nanoTime();
        try {
            UnigramBaseline b = UnigramSampler.measure(fs, train.shards(), seqLen,
                    UnigramSampler.DEFAULT_BUDGET_TOKENS);
            LOG.info(String.format(java.util.Locale.ROOT, "unigram baseline %.4f nats/token from %s (%.1f s)",
                    b.nats(), b.describe(), (System.nanoTime() - t0) / 1e9));
            return b;
        } catch (IOException | RuntimeException e) {
            LOG.warn("the unigram baseline was not measured: " + e);
            return null;
        }
    }

    private static BlockPlan plan(Path root, List<ShardEntry> shards, int batch, long seed, boolean keepTails) {
        List<BlockPlan.Shard> s = new ArrayList<>();
        for (ShardEntry e : shards) {
            s.add(new BlockPlan.Shard(new Path(root, e.path()).toString(), e.records()));
        }
        return new BlockPlan(s, batch, seed, keepTails);
    }
}
