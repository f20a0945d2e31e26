package io.sparklm.train.bench;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.eval.Evaluator;
import io.sparklm.train.RunSettings;
import io.sparklm.batch.Batches;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.train.TestModels;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import io.sparklm.train.engine.LocalEngine;
import io.sparklm.train.engine.SparkEngine;
import io.sparklm.train.engine.StepEngine;
import io.sparklm.train.engine.TrainingMasters;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Spark overhead benchmark (not a unit test): training tokens/s of ParameterAveragingTrainingMaster on Spark
 * (master from -Dspark.master, default local[2]) vs plain single-process fit of the same model on the same data
 * path and global batch, and validation loss after the same number of tokens (averaging frequency as configured,
 * default 5). Prints JSON lines {"name","value","unit","peer","peer_value","ratio"}.
 * Model: the project's GPT ({@link TransformerModel}), d-model 64, 2 layers, 4 heads, vocab 512, seq-len 64 by
 * default, dropout 0, constant lr; data: synthetic patterned token windows through {@link Batches}.
 * Args (key=value): steps (default 300: averaging's early-training loss gap has closed by then, see
 * docs/performance.md section 6), warmup-steps (10), workers (2), batch-size-per-worker (16),
 * averaging-frequency (5), d-model (64), n-layers (2), seq-len (64), vocab (512), seed (7), profile (false: true
 * splits each Spark call into setup / fit / tail with {@link PhaseHook}, local mode only), reuse-worker-nets (true:
 * {@link io.sparklm.train.engine.ReusingParameterAveraging}; false: DL4J's rebuild of the network in every call),
 * averaging-lr-scale (1.0: the averaging run's lr = 1e-3 x this; the single-process run keeps 1e-3).
 */
public final class SparkOverheadBench {
    public static void main(String[] args) throws Exception {
        ConfigMap c = ConfigLoader.parse(args).config();
        int steps = c.integer("steps", 300, 1, 1_000_000);
        int warm = c.integer("warmup-steps", 10, 0, 1_000_000);
        int workers = c.integer("workers", 2, 1, 1024);
        int b = c.integer("batch-size-per-worker", 16, 1, 1 << 16);
        int freq = c.integer("averaging-frequency", 5, 1, 1 << 16);
        int d = c.integer("d-model", 64, 4, 1 << 14);
        int layers = c.integer("n-layers", 2, 1, 64);
        int seq = c.integer("seq-len", 64, 4, 4096);
        int vocab = c.integer("vocab", 512, 16, 1 << 20);
        long seed = c.longValue("seed", 7, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean profile = c.bool("profile", false);
        boolean reuse = c.bool("reuse-worker-nets", true);
        double lrScale = c.number("averaging-lr-scale", 1.0, 1e-3, 1e3);
        c.requireAllUsed();
        if (steps % freq != 0 || warm % freq != 0) {
            throw new IllegalArgumentException("steps and warmup-steps must be multiples of averaging-frequency");
        }
        Map<String, String> modelKeys = Map.of("family", "gpt", "d-model", "" + d, "n-layers", "" + layers,
                "n-heads", "4", "dropout", "0", "lr", "1e-3", "schedule", "constant", "warmup-steps", "0",
                "seed", "" + seed);
        ModelConfig mc = ModelConfig.from(ConfigMap.of(modelKeys), vocab, seq, -1);
        OptimConfig oc = OptimConfig.from(ConfigMap.of(modelKeys));
        Supplier<ComputationGraph> model = () -> TransformerModel.build(mc, oc);
        BatchLoader loader = new PatternLoader(modelKeys, vocab, seq);
        BlockPlan train = TestModels.trainPlan(8, 4000, b, seed);
        BlockPlan val = new BlockPlan(List.of(new BlockPlan.Shard("mem://val-0", 32L * b)), b, seed);
        List<MultiDataSet> valBatches = new ArrayList<>();
        for (Block blk : val.sequential(32)) {
            valBatches.add(loader.load(List.of(blk), blk.globalIndex()));
        }
        long tokensPerStep = (long) workers * b * seq;
        System.err.println("[bench] model parameters: " + mc.parameterCount());

        java.io.PrintStream stdout = System.out;
        System.setOut(System.err); // SameDiff prints to stdout; keep stdout for the JSON lines
        SparkConf conf = new SparkConf().setAppName("sparklm-spark-overhead-bench")
                .setIfMissing("spark.master", "local[2]").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf))) {
            RunSettings r = RunSettings.from(ConfigMap.of(Map.of("data", "mem://", "output", "mem://",
                    "workers", "" + workers, "batch-size-per-worker", "" + b, "averaging-frequency", "" + freq,
                    "seed", "" + seed)));
            StepEngine local = new LocalEngine(model.get(), loader, workers, 1, seed, oc.gradClip());
            org.deeplearning4j.spark.api.TrainingMaster tm = TrainingMasters.parameterAveraging(r, reuse, 0);
            if (profile) {
                tm.addHook(new PhaseHook());
            }
            Map<String, String> sparkKeys = new java.util.HashMap<>(modelKeys);
            sparkKeys.put("lr", "" + 1e-3 * lrScale);
            OptimConfig sparkOc = OptimConfig.from(ConfigMap.of(sparkKeys));
            StepEngine spark = new SparkEngine(sc, TransformerModel.build(mc, sparkOc), tm,
                    TransformerModel.trainingListeners(oc), loader, workers, 1, freq, 1.0);
            // interleaved rounds of `freq` steps so both see the same machine load (the machine is shared)
            double localSec = 0;
            double sparkSec = 0;
            for (long step = 0; step < warm + steps; step += freq) {
                List<Block> blocks = new ArrayList<>();
                for (long g = step * workers; g < (step + freq) * workers; g++) {
                    blocks.add(train.block(g));
                }
                long t0 = System.nanoTime();
                local.fit(blocks, step, freq);
                long t1 = System.nanoTime();
                spark.fit(blocks, step, freq);
                long t2 = System.nanoTime();
                if (step >= warm) {
                    localSec += (t1 - t0) / 1e9;
                    sparkSec += (t2 - t1) / 1e9;
                }
                String phases = "";
                if (profile) {
                    double[] p = PhaseHook.phases(t1, t2);
                    phases = String.format(Locale.ROOT, " (setup %.2f, fit %.2f [first %.2f, others %.2f], tail %.2f)",
                            p[0], p[1], p[3], p[4], p[2]);
                }
                System.err.printf(Locale.ROOT, "[bench] steps %d-%d local %.2f s spark %.2f s%s%n", step,
                        step + freq, (t1 - t0) / 1e9, (t2 - t1) / 1e9, phases);
            }
            double localTps = steps * tokensPerStep / localSec;
            double sparkTps = steps * tokensPerStep / sparkSec;
            double localVal = Evaluator.softmaxOutputs().evaluate(local.model(), valBatches).lossPerToken();
            double sparkVal = Evaluator.softmaxOutputs().evaluate(spark.model(), valBatches).lossPerToken();
            String master = sc.master();
            System.setOut(stdout);
            print("spark.param_avg.tokens_per_s", sparkTps, "tokens/s", "single-process fit", localTps,
                    sparkTps / localTps, master + ", " + mc.parameterCount() + " params, global batch "
                            + workers * b + " x " + seq + (reuse ? "" : ", DL4J rebuilds worker nets"));
            print("spark.param_avg.val_loss_same_tokens", sparkVal, "nats/token",
                    "single-process fit", localVal, sparkVal / localVal, master + ", averaging-frequency " + freq
                            + ", " + (warm + steps) * tokensPerStep + " tokens");
        } finally {
            System.setOut(stdout);
        }
    }

    private static void print(String name, double v, String unit, String peer, double pv, double ratio,
                              String note) {
        System.out.println(String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"value\":%.4f,\"unit\":\"%s\",\"peer\":\"%s\",\"peer_value\":%.4f,"
                        + "\"ratio\":%.4f,\"note\":\"%s\"}", name, v, unit, peer, pv, ratio, note));
    }

    /** Synthetic GPT windows: next = (7 t + 3) mod V with probability 0.8, else uniform; seeded by (shard, record). */
    static final class PatternLoader implements BatchLoader {
        private final java.util.TreeMap<String, String> keys;
        private final int vocab;
        private final int seq;
        private transient ModelConfig m;

        PatternLoader(Map<String, String> keys, int vocab, int seq) {
            this.keys = new java.util.TreeMap<>(keys);
            this.vocab = vocab;
            this.seq = seq;
        }

        @Override
        public MultiDataSet load(List<Block> blocks, long maskingStep) {
            if (m == null) {
                m = ModelConfig.from(ConfigMap.of(keys), vocab, seq, -1);
            }
            List<int[]> rows = new ArrayList<>();
            for (Block blk : blocks) {
                for (long r = blk.first(); r < blk.first() + blk.count(); r++) {
                    java.util.SplittableRandom rnd = new java.util.SplittableRandom(
                            io.sparklm.rng.Rng.mix(blk.shardUri().hashCode(), r));
                    int[] ids = new int[seq];
                    ids[0] = rnd.nextInt(vocab);
                    for (int i = 1; i < seq; i++) {
                        ids[i] = rnd.nextDouble() < 0.8 ? (7 * ids[i - 1] + 3) % vocab : rnd.nextInt(vocab);
                    }
                    rows.add(ids);
                }
            }
            return Batches.toMultiDataSet(rows.toArray(new int[0][]), null, null, null, m, null, 0, maskingStep);
        }
    }
}
