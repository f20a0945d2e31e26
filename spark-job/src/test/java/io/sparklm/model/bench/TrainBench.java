package io.sparklm.model.bench;

import io.sparklm.batch.Batches;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.config.ConfigMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Forward (inference) and training tokens/s of the GPT shape d256/L4/H4/T128/B16/V8000 (dropout 0.1, AdamW,
 * global-norm clipping off to measure the model alone). Prints JSON lines
 * {@code {"name","value","unit","peer","peer_value","ratio"}}; value = median of the timed runs.
 * Args ({@code key=value}, all optional): warmup=3 steps=8 d-model=256 n-layers=4 n-heads=4 seq-len=128 batch=16
 * vocab=8000 dropout=0.1 peer-train=TOK/S peer-forward=TOK/S (peer values e.g. from bench/pytorch_reference.py;
 * absent = null). Threads: OMP_NUM_THREADS.
 */
public final class TrainBench {
    public static void main(String[] args) {
        ConfigMap c = io.sparklm.config.ConfigLoader.parse(args).config();
        int warm = c.integer("warmup", 3, 0, 1000);
        int timed = c.integer("steps", 8, 1, 100000);
        Double peerTrain = c.has("peer-train") ? c.number("peer-train", 0, 0, 1e12) : null;
        Double peerFwd = c.has("peer-forward") ? c.number("peer-forward", 0, 0, 1e12) : null;
        int v = c.integer("vocab", 8000, 2, 1 << 20);
        int t = c.integer("seq-len", 128, 2, 1 << 16);
        int b = c.integer("batch", 16, 1, 1 << 16);
        String d = c.string("d-model", "256");
        String l = c.string("n-layers", "4");
        String h = c.string("n-heads", "4");
        String drop = c.string("dropout", "0.1");
        c.requireAllUsed();
        ModelConfig m = ModelConfig.from(ConfigMap.of(Map.of("d-model", d, "n-layers", l, "n-heads", h,
                "dropout", drop)), v, t);
        String shape = "gpt_d" + d + "_l" + l + "_t" + t + "_b" + b + "_v" + v;
        OptimConfig o = new OptimConfig(3e-4, 3e-5, 0, 1000, "cosine", 0.1, 0.9, 0.95, 1e-8, 0);
        ComputationGraph g = TransformerModel.build(m, o);
        System.err.println("params " + g.numParams());
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] ids = new int[b][t];
        for (int[] row : ids) {
            for (int i = 0; i < t; i++) {
                row[i] = rnd.nextInt(v);
            }
        }
        MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, 0);
        double[] fwd = new double[timed];
        for (int i = 0; i < warm + timed; i++) {
            long t0 = System.nanoTime();
            g.output(false, mds.getFeatures(), null, null);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= warm) {
                fwd[i - warm] = b * t / s;
            }
        }
        double[] train = new double[timed];
        for (int i = 0; i < warm + timed; i++) {
            long t0 = System.nanoTime();
            g.fit(mds);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= warm) {
                train[i - warm] = b * t / s;
            }
            System.err.printf(Locale.ROOT, "step %d loss/token %.4f %.0f tok/s%n", i, g.score() / (t - 1), b * t / s);
        }
        print(shape + "_forward_tokens_per_s", median(fwd), peerFwd);
        print(shape + "_train_tokens_per_s", median(train), peerTrain);
    }

    static double median(double[] x) {
        double[] c = x.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static void print(String name, double value, Double peer) {
        System.out.printf(Locale.ROOT, "{\"name\":\"%s\",\"value\":%.1f,\"unit\":\"tokens/s\",\"peer\":\"pytorch-cpu\","
                + "\"peer_value\":%s,\"ratio\":%s}%n", name, value, peer == null ? "null" : String.format(Locale.ROOT, "%.1f", peer),
                peer == null ? "null" : String.format(Locale.ROOT, "%.3f", value / peer));
    }
}
