package io.sparklm.train.bench;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.train.Evaluator;
import io.sparklm.train.RunSettings;
import io.sparklm.train.TestModels;
import io.sparklm.train.data.BatchLoader;
import io.sparklm.train.data.Block;
import io.sparklm.train.data.BlockPlan;
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
 * Args (key=value): steps (default 60), warmup-steps (10), workers (2), batch-size-per-worker (16),
 * averaging-frequency (5), d-model (64), seed (7).
 */
public final class SparkOverheadBench {
    public static void main(String[] args) throws Exception {
        ConfigMap c = ConfigLoader.parse(args).config();
        int steps = c.integer("steps", 60, 1, 1_000_000);
        int warm = c.integer("warmup-steps", 10, 0, 1_000_000);
        int workers = c.integer("workers", 2, 1, 1024);
        int b = c.integer("batch-size-per-worker", 16, 1, 1 << 16);
        int freq = c.integer("averaging-frequency", 5, 1, 1 << 16);
        int d = c.integer("d-model", 64, 4, 1 << 14);
        long seed = c.longValue("seed", 7, Long.MIN_VALUE, Long.MAX_VALUE);
        c.requireAllUsed();
        if (steps % freq != 0 || warm % freq != 0) {
            throw new IllegalArgumentException("steps and warmup-steps must be multiples of averaging-frequency");
        }
        Supplier<ComputationGraph> model = () -> TestModels.tiny(seed, d, 0);
        BatchLoader loader = new TestModels.SyntheticLoader();
        BlockPlan train = TestModels.trainPlan(8, 4000, b, seed);
        BlockPlan val = new BlockPlan(List.of(new BlockPlan.Shard("mem://val-0", 32L * b)), b, seed);
        List<MultiDataSet> valBatches = new ArrayList<>();
        for (Block blk : val.sequential(32)) {
            valBatches.add(loader.load(List.of(blk), blk.globalIndex()));
        }
        long tokensPerStep = (long) workers * b * TestModels.SEQ;

        StepEngine local = new LocalEngine(model.get(), loader, workers, seed);
        double localTps = run(local, train, workers, warm, steps, 1) * tokensPerStep;
        double localVal = Evaluator.scoreBased().lossPerToken(local.model(), valBatches);

        SparkConf conf = new SparkConf().setAppName("sparklm-spark-overhead-bench")
                .setIfMissing("spark.master", "local[2]").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(TrainingMasters.withAeronOptions(conf))) {
            RunSettings r = RunSettings.from(ConfigMap.of(Map.of("data", "mem://", "output", "mem://",
                    "workers", "" + workers, "batch-size-per-worker", "" + b, "averaging-frequency", "" + freq,
                    "seed", "" + seed)));
            StepEngine spark = new SparkEngine(sc, model.get(), TrainingMasters.build(r), loader, workers, freq,
                    TestModels.SEQ);
            double sparkTps = run(spark, train, workers, warm, steps, freq) * tokensPerStep;
            double sparkVal = Evaluator.scoreBased().lossPerToken(spark.model(), valBatches);
            String master = sc.master();
            print("spark.param_avg.tokens_per_s", sparkTps, "tokens/s", "single-process fit", localTps,
                    sparkTps / localTps, master);
            print("spark.param_avg.val_loss_same_tokens", sparkVal, "nats/token",
                    "single-process fit", localVal, sparkVal / localVal, master + ", averaging-frequency " + freq
                            + ", " + (warm + steps) * tokensPerStep + " tokens");
        }
    }

    /** Steps per second after {@code warm} untimed steps. */
    private static double run(StepEngine e, BlockPlan plan, int workers, int warm, int steps, int perCall) {
        long t0 = 0;
        for (long step = 0; step < warm + steps; step += perCall) {
            if (step == warm) {
                t0 = System.nanoTime();
            }
            List<Block> blocks = new ArrayList<>();
            for (long g = step * workers; g < (step + perCall) * workers; g++) {
                blocks.add(plan.block(g));
            }
            e.fit(blocks, step, perCall);
        }
        return steps / ((System.nanoTime() - t0) / 1e9);
    }

    private static void print(String name, double v, String unit, String peer, double pv, double ratio,
                              String note) {
        System.out.println(String.format(Locale.ROOT,
                "{\"name\":\"%s\",\"value\":%.4f,\"unit\":\"%s\",\"peer\":\"%s\",\"peer_value\":%.4f,"
                        + "\"ratio\":%.4f,\"note\":\"%s\"}", name, v, unit, peer, pv, ratio, note));
    }
}
