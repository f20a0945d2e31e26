package io.sparklm.perf;

import io.sparklm.batch.Batches;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.engine.GradientStep;
import io.sparklm.train.engine.GradientSum;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A real model size on one worker: training tokens/s and the process's peak RSS for a preset (default gpt2-small at
 * vocab 50257, seq-len 1024) at one micro-batch size, in a fresh JVM per size (the peak is per process), with where
 * the memory goes (parameters, gradients, optimizer state, the layers' kept activations). One JSON line per
 * measurement: {@code bigmodel.train.<preset>.mb<M>} (tokens/s) and {@code bigmodel.peak_rss.<preset>.mb<M>} (MB);
 * {@code peer-tokens} / {@code peer-rss-mb} (PyTorch's, measured by bench/pytorch_bigmodel.py in the same run)
 * fill the peer fields. Args (key=value): model (a preset name: gpt2-small), vocab (50257), seq (1024), micro-batch (1),
 * warmup (1), steps (2), peer-tokens, peer-rss-mb.
 */
public final class BigModelBench {
    private BigModelBench() {}

    public static void main(String[] args) throws IOException {
        ConfigMap c = ConfigLoader.parse(args).config();
        String preset = c.string("model", "gpt2-small");
        int vocab = c.integer("vocab", 50257, 2, 1 << 22);
        int seq = c.integer("seq", 1024, 2, 1 << 16);
        int mb = c.integer("micro-batch", 1, 1, 1024);
        int warmup = c.integer("warmup", 1, 0, 100);
        int steps = c.integer("steps", 2, 1, 1000);
        double peerTokens = c.number("peer-tokens", 0, 0, 1e12);
        double peerRss = c.number("peer-rss-mb", 0, 0, 1e9);
        c.requireAllUsed();
        ConfigMap p = ConfigLoader.parse(new String[] {"--preset", preset, "dropout=0"}).config();
        ModelConfig m = ModelConfig.from(p, vocab, seq);
        OptimConfig o = OptimConfig.from(p);
        ComputationGraph g = TransformerModel.build(m, o);
        System.err.printf("[bench] %s: %,d parameters, micro-batch %d, seq-len %d%n", preset, g.numParams(), mb, seq);
        SplittableRandom rnd = new SplittableRandom(7);
        double seconds = 0;
        double loss = Double.NaN;
        for (int s = 0; s < warmup + steps; s++) {
            int[][] ids = new int[mb][seq];
            for (int[] row : ids) {
                for (int t = 0; t < seq; t++) {
                    row[t] = rnd.nextInt(vocab);
                }
            }
            MultiDataSet mds = Batches.toMultiDataSet(ids, null, null, null, m, null, 1, s);
            long t0 = System.nanoTime();
            GradientSum sum = new GradientSum();
            GradientStep.apply(g, GradientStep.computeOnly(g, mds, sum), sum.examples(), sum.tokens(), o.gradClip());
            double took = (System.nanoTime() - t0) / 1e9;
            loss = sum.lossPerToken();
            System.err.printf("[bench] step %d: %.1f s, loss %.3f, RSS %,d MB%n", s + 1, took, loss, rssMb("VmRSS"));
            if (s >= warmup) {
                seconds += took;
            }
        }
        String label = preset + ".mb" + mb;
        Map<String, Object> tps = BenchJson.line("bigmodel.train." + label, (double) steps * mb * seq / seconds,
                "tokens/s");
        peer(tps, "pytorch 1.13 fp32 AdamW, same model", peerTokens, false);
        tps.put("steps", steps);
        tps.put("warmup", warmup);
        tps.put("params", g.numParams());
        BenchJson.print(tps);
        long peak = rssMb("VmHWM");
        Map<String, Object> rss = BenchJson.line("bigmodel.peak_rss." + label, peak, "MB");
        peer(rss, "pytorch 1.13 fp32 AdamW, same model", peerRss, true);
        long params = g.numParams() * 4 >> 20;
        rss.put("params_mb", params);
        rss.put("gradients_mb", params);
        rss.put("adam_state_mb", g.getUpdater().getStateViewArray().length() * 4 >> 20);
        rss.put("javacpp_physical_mb", org.bytedeco.javacpp.Pointer.physicalBytes() >> 20);
        rss.put("java_heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        BenchJson.print(rss);
    }

    /** Fills the peer fields; {@code lowerIsBetter}: ratio = ours / peer (memory), else ours / peer too. */
    private static void peer(Map<String, Object> line, String peer, double peerValue, boolean lowerIsBetter) {
        if (peerValue > 0) {
            double v = ((Number) line.get("value")).doubleValue();
            line.put("peer", peer);
            line.put("peer_value", BenchJson.round(peerValue));
            line.put("ratio", BenchJson.round(v / peerValue));
            line.put("better", lowerIsBetter ? "lower" : "higher");
        }
    }

    /** A /proc/self/status memory field in MB (VmHWM: peak RSS; VmRSS: now); -1 where there is none. */
    static long rssMb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
