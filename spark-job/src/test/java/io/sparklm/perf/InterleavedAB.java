package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.TransformerModel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A/B of two model variants in ONE JVM, steps interleaved A, B, A, B, ... so that load changes on a shared machine
 * hit both alike; prints per variant the median and best step time and {@code ratio} = A median / B median
 * (> 1: B is faster). Pairs: {@code head} (A = the former DL4J RnnOutputLayer LM head on [B, V, T], B = this
 * build's head), {@code correct} (A = 2x-gradient correction on, B = off; only BERT's NSP pooler still has a
 * correction, so on the GPT shapes this pair no longer differs), {@code blocks} (A = attention/MLP/LayerNorm/position
 * layers executed by SameDiff, the reference; B = this build's direct runtimes).
 * Args: shape (d256), mode (train|forward), pair (head), warmup (2), rounds (8).
 */
public final class InterleavedAB {
    private InterleavedAB() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        ModelShapes.Shape s = ModelShapes.named(c.string("shape", "d256"),
                Path.of(System.getProperty("sparklm.conf.dir", "conf")));
        String mode = c.choice("mode", "train", "train", "forward");
        String pair = c.choice("pair", "head", "head", "correct", "blocks");
        int warmup = c.integer("warmup", 2, 0, 100);
        int rounds = c.integer("rounds", 8, 1, 1000);
        c.requireAllUsed();
        ModelTimer a = new ModelTimer(s, graph(s, pair, true));
        ModelTimer b = new ModelTimer(s, graph(s, pair, false));
        Runnable stepA = mode.equals("train") ? a::trainStep : a::forwardStep;
        Runnable stepB = mode.equals("train") ? b::trainStep : b::forwardStep;
        for (int i = 0; i < warmup; i++) {
            stepA.run();
            stepB.run();
        }
        double[] ta = new double[rounds];
        double[] tb = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ta[i] = time(i % 2 == 0 ? stepA : stepB);
            tb[i] = time(i % 2 == 0 ? stepB : stepA);
            if (i % 2 == 1) {
                double x = ta[i];
                ta[i] = tb[i];
                tb[i] = x;
            }
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        Map<String, Object> m = BenchJson.line("ab." + pair + "." + mode + "." + s.label(),
                ta[rounds / 2] / tb[rounds / 2], "ratio A/B of median step time");
        m.put("a_median_ms", BenchJson.round(ta[rounds / 2]));
        m.put("b_median_ms", BenchJson.round(tb[rounds / 2]));
        m.put("a_best_ms", BenchJson.round(ta[0]));
        m.put("b_best_ms", BenchJson.round(tb[0]));
        m.put("b_tokens_per_s_median", BenchJson.round(s.tokensPerStep() / (tb[rounds / 2] / 1000)));
        m.put("a_tokens_per_s_median", BenchJson.round(s.tokensPerStep() / (ta[rounds / 2] / 1000)));
        m.put("rounds", rounds);
        BenchJson.print(m);
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    static ComputationGraph graph(ModelShapes.Shape s, String pair, boolean variantA) {
        boolean correct = !pair.equals("correct") || variantA;
        ComputationGraphConfiguration conf = TransformerModel.configuration(s.model(), ModelTimer.OPTIM);
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer()
                    instanceof io.sparklm.model.layers.SdTransformerLayer sd) {
                sd.setCorrectGradient(correct);
            }
        });
        if (pair.equals("head") && variantA) {
            LayerVertex lm = (LayerVertex) conf.getVertices().get(TransformerModel.LM);
            lm.getLayerConf().setLayer(new RnnOutputLayer.Builder(new LossSparseMCXENT()).activation(Activation.SOFTMAX)
                    .name(TransformerModel.LM).dataFormat(RNNFormat.NCW)
                    .nIn(s.model().dModel()).nOut(s.model().vocabSize())
                    .weightInit(new NormalDistribution(0, s.model().initStd())).biasInit(0)
                    .updater(Adam.builder().learningRate(3e-4).beta1(0.9).beta2(0.95).epsilon(1e-8).build())
                    .build());
        }
        if (pair.equals("blocks") && variantA) {
            io.sparklm.model.layers.ReferenceLayers.onSameDiff(conf);
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
