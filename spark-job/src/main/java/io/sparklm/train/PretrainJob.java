package io.sparklm.train;

import io.sparklm.cli.ExitCodes;
import io.sparklm.eval.Evaluator;
import io.sparklm.batch.ShardBatchLoader;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import io.sparklm.shard.Manifest;
import io.sparklm.shard.ShardEntry;
import io.sparklm.batch.BlockPlan;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLI: pre-trains a transformer LM on corpus-prep shards. Progress on stderr; on stdout one JSON line
 * {"status","step","val_loss","val_ppl"[,"val_mlm_acc"],"initial_val_loss"} (val_mlm_acc only for
 * MLM runs). Exit codes: see {@link ExitCodes}.
 */
public final class PretrainJob {
    static final String USAGE = """
            Usage: pretrain --data URI --output URI --preset NAME [--max-steps N] [--max-minutes M] [key=value ...]
              --data URI        corpus-prep output (manifest.json, shards, tokenizer.json); file://, hdfs://, ...
              --output URI      run output: config.json, metrics.jsonl, loss-curve.html, checkpoints/
              --preset NAME     model/run preset (conf/NAME.conf), later keys override
              --max-steps N     stop after N steps in total (one step = one minibatch per worker)
              --max-minutes M   wall-clock budget for this invocation; checkpoints and exits 0 when reached
            Run keys: trainer=averaging|shared|local workers batch-size-per-worker averaging-frequency prefetch
              checkpoint-every-steps checkpoint-every-minutes keep-checkpoints eval-every eval-batches log-every
              seed lock-stale-seconds stall-timeout-seconds shared-threshold shared-port shared-workers-per-node
              shared-network-mask shared-controller-address; plus the model keys (family d-model n-layers n-heads d-ff dropout
              positional nsp init-std ...) and optimizer keys (lr min-lr warmup-steps decay-steps schedule
              weight-decay beta1 beta2 adam-eps grad-clip), mlm-prob for dynamic masking.
            Resumes from the newest complete checkpoint under --output. The Spark master comes from
            -Dspark.master / spark-submit. Exit: 0 done or progress, 1 failure, 2 bad arguments, 3 output locked,
            4 no progress, 143 preempted by SIGTERM (checkpoint written).
            """;

    private PretrainJob() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, null);
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("pretrain: failed: " + t);
            code = ExitCodes.FAILED;
        }
        if (code == ExitCodes.STALLED) {
            // a stalled call may have left threads that never end (and shutdown hooks that wait on them)
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        ExitCodes.exit(code);
    }

    /**
     * Runs the job; {@code sc} may be given (tests), else one is created when the trainer needs Spark. While it
     * runs, System.out is redirected to stderr (DL4J/SameDiff print to stdout), so stdout carries only the result.
     */
    public static int run(String[] args, JavaSparkContext sc) throws IOException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return ExitCodes.OK;
        }
        java.io.PrintStream stdout = System.out;
        System.setOut(io.sparklm.train.run.NoiseFilter.over(System.err)); // SameDiff prints op lists to stdout
        try {
            return runJob(args, sc, stdout);
        } finally {
            System.setOut(stdout);
        }
    }

    private static int runJob(String[] args, JavaSparkContext sc, java.io.PrintStream stdout) throws IOException {
        Configuration hconf = sc != null ? sc.hadoopConfiguration() : HadoopConf.fromSparkProperties();
        PretrainConfig pc;
        Manifest manifest;
        Path data;
        Path output;
        byte[] tokenizer;
        try {
            ConfigLoader.Parsed parsed = ConfigLoader.parse(args);
            if (!parsed.positionals().isEmpty()) {
                throw new ConfigException("unexpected argument '" + parsed.positionals().get(0) + "' (see --help)");
            }
            ConfigMap c = parsed.config();
            data = HadoopFs.resolve(c.requiredString("data"));
            output = HadoopFs.resolve(c.requiredString("output"));
            FileSystem dfs = HadoopFs.fs(data, hconf);
            try {
                manifest = Manifest.read(dfs, data);
            } catch (IOException e) {
                throw new ConfigException("config key 'data': " + e.getMessage());
            }
            Path tok = new Path(data, "tokenizer.json");
            tokenizer = dfs.exists(tok) ? dfs.open(tok).readAllBytes() : null;
            pc = PretrainConfig.from(c, manifest,
                    tokenizer == null ? null : new String(tokenizer, StandardCharsets.UTF_8));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("pretrain: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
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
            System.err.println("pretrain: config key 'batch-size-per-worker': " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        if (train.droppedRecordsPerEpoch() > 0) {
            System.err.println("[train] " + train.droppedRecordsPerEpoch()
                    + " train records per epoch fall in shard tails shorter than a batch and are skipped");
        }
        ShardBatchLoader loader = new ShardBatchLoader(parsedRaw(args), manifest.vocabSize(), manifest.seqLen(),
                manifest.padId(), r.seed(), pc.dynamicMasking(), HadoopConf.of(hconf));
        Trainer.Setup setup = new Trainer.Setup(r, () -> TransformerModel.build(pc.model(), pc.optim()),
                TransformerModel.trainingListeners(pc.optim()), loader,
                train, val, manifest.seqLen(), eff, tokenizer, Evaluator.softmaxOutputs(), pc.optim());
        // Spark starts only when the trainer asks for it: after the output's lock is taken
        SparkSession spark = new SparkSession(sc);
        int code = ExitCodes.FAILED;
        try {
            FileSystem ofs = HadoopFs.fs(output, hconf);
            Outcome o;
            try {
                o = new Trainer(setup, ofs, output, spark::context).run();
            } catch (ConfigException e) {
                System.err.println("pretrain: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            stdout.println(o.toJson());
            stdout.flush();
            code = o.exitCode();
            return code;
        } finally {
            if (code != ExitCodes.STALLED) { // stopping may wait forever on the stalled tasks
                spark.stopIfOwned();
            }
        }
    }

    /** The job's SparkContext: the given one, or one created on first use (and stopped by this job). */
    private static final class SparkSession {
        private JavaSparkContext sc;
        private final boolean given;

        SparkSession(JavaSparkContext sc) {
            this.sc = sc;
            this.given = sc != null;
        }

        JavaSparkContext context() {
            if (sc == null) {
                sc = new JavaSparkContext(TrainingMasters.withAeronOptions(new SparkConf()
                        .setAppName("sparklm-pretrain")));
            }
            return sc;
        }

        void stopIfOwned() {
            if (!given && sc != null) {
                sc.stop();
            }
        }
    }

    /** The raw key/values again (ModelConfig is rebuilt from them on executors). */
    private static java.util.Map<String, String> parsedRaw(String[] args) {
        return ConfigLoader.parse(args).config().asMap();
    }

    private static BlockPlan plan(Path root, List<ShardEntry> shards, int batch, long seed, boolean keepTails) {
        List<BlockPlan.Shard> s = new ArrayList<>();
        for (ShardEntry e : shards) {
            s.add(new BlockPlan.Shard(new Path(root, e.path()).toString(), e.records()));
        }
        return new BlockPlan(s, batch, seed, keepTails);
    }
}
