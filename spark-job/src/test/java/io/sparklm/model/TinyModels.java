package io.sparklm.model;

import io.sparklm.optim.OptimConfig;
import io.sparklm.config.ConfigMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.HashMap;
import java.util.Map;

/** Tiny model configurations and data for tests. */
public final class TinyModels {
    private TinyModels() {}

    public static ModelConfig gpt(int vocab, int seqLen, int d, int layers, int heads, String dtype, double dropout) {
        return gpt(vocab, seqLen, d, layers, heads, dtype, dropout, "learned");
    }

    /** A GPT with {@code learned} or {@code sinusoidal} positions. */
    public static ModelConfig gpt(int vocab, int seqLen, int d, int layers, int heads, String dtype, double dropout,
                                  String positional) {
        Map<String, String> kv = new HashMap<>();
        kv.put("positional", positional);
        kv.put("family", "gpt");
        kv.put("d-model", "" + d);
        kv.put("n-layers", "" + layers);
        kv.put("n-heads", "" + heads);
        kv.put("dropout", "" + dropout);
        kv.put("dtype", dtype);
        kv.put("seed", "7");
        kv.put("init-std", "0.3");
        return ModelConfig.from(ConfigMap.of(kv), vocab, seqLen);
    }

    public static ModelConfig bert(int vocab, int seqLen, int d, int layers, int heads, boolean nsp, int padId) {
        Map<String, String> kv = new HashMap<>();
        kv.put("family", "bert");
        kv.put("d-model", "" + d);
        kv.put("n-layers", "" + layers);
        kv.put("n-heads", "" + heads);
        kv.put("dropout", "0");
        kv.put("dtype", "double");
        kv.put("nsp", "" + nsp);
        kv.put("seed", "11");
        kv.put("init-std", "0.3");
        kv.put("positional", "sinusoidal");
        return ModelConfig.from(ConfigMap.of(kv), vocab, seqLen, padId);
    }

    public static OptimConfig optim(double lr, double wd, double clip) {
        return new OptimConfig(lr, lr, 0, 1000, "constant", wd, 0.9, 0.95, 1e-8, clip);
    }

    /** A graph whose updaters are all NoOp (GradientCheckUtil requires it). */
    static ComputationGraph noOpGraph(ModelConfig m, boolean correct) {
        return noOpGraph(TransformerModel.configuration(m, optim(1e-3, 0, 0)), correct);
    }

    /** {@code conf} with every updater NoOp, initialised; {@code correct}: the SameDiff gradient correction. */
    static ComputationGraph noOpGraph(ComputationGraphConfiguration conf, boolean correct) {
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv) {
                Object l = lv.getLayerConf().getLayer();
                if (l instanceof io.sparklm.model.layers.SdTransformerLayer sd) {
                    sd.setCorrectGradient(correct); // false: DL4J's raw SameDiff gradient (GradientScalingGuardTest)
                }
                if (l instanceof BaseLayer bl) {
                    bl.setIUpdater(new NoOp());
                    bl.setBiasUpdater(null);
                } else if (l instanceof AbstractSameDiffLayer sl) {
                    sl.setUpdater(new NoOp());
                    sl.setBiasUpdater(null);
                }
            }
        });
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
