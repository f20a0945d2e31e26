package io.sparklm.optim;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW settings. {@code lr} peaks after {@code warmupSteps} and decays to {@code minLr} at {@code decaySteps}
 * ({@link WarmupDecaySchedule}). {@code weightDecay} is decoupled (applied after Adam, scaled by the current lr)
 * and only on matrices (not LayerNorm, biases, embeddings). {@code gradClip}: max global L2 norm of the
 * per-token-mean loss gradient, 0 = off.
 */
public record OptimConfig(double lr, double minLr, int warmupSteps, int decaySteps, String schedule,
                          double weightDecay, double beta1, double beta2, double eps, double gradClip) {

    public OptimConfig {
        if (minLr > lr) {
            throw new ConfigException("config key 'min-lr': " + minLr + " is larger than lr " + lr);
        }
    }

    /** Keys: lr, min-lr, warmup-steps, decay-steps, schedule, weight-decay, beta1, beta2, adam-eps, grad-clip. */
    public static OptimConfig from(ConfigMap c) {
        double lr = c.number("lr", 6e-4, 0, 10);
        return new OptimConfig(lr,
                c.number("min-lr", lr / 10, 0, 10),
                c.integer("warmup-steps", 100, 0, Integer.MAX_VALUE),
                c.integer("decay-steps", 5000, 1, Integer.MAX_VALUE),
                c.choice("schedule", "cosine", "cosine", "linear", "constant"),
                c.number("weight-decay", 0.1, 0, 10),
                c.number("beta1", 0.9, 0, 0.999999),
                c.number("beta2", 0.95, 0, 0.999999999),
                c.number("adam-eps", 1e-8, 0, 1),
                c.number("grad-clip", 1.0, 0, 1e9));
    }

    public WarmupDecaySchedule lrSchedule() {
        return new WarmupDecaySchedule(lr, minLr, warmupSteps, decaySteps, schedule);
    }

    /**
     * Makes every Adam updater of {@code g} follow this config's learning-rate schedule from now on (a resumed run
     * whose lr keys changed): the schedule objects are replaced inside the updater configs the running updaters
     * read, so the optimizer state is kept. An updater on a {@link ScaledSchedule} (a classifier head's
     * {@code head-lr}) keeps its factor over the new schedule.
     */
    public void applyLearningRateTo(org.deeplearning4j.nn.graph.ComputationGraph g) {
        WarmupDecaySchedule s = lrSchedule();
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            if (l.conf() == null || l.conf().getLayer() == null) {
                continue;
            }
            for (String p : l.paramTable().keySet()) {
                if (l.conf().getLayer().getUpdaterByParam(p) instanceof org.nd4j.linalg.learning.config.Adam a) {
                    a.setLearningRateSchedule(a.getLearningRateSchedule() instanceof ScaledSchedule sc
                            ? sc.withBase(s) : s);
                }
            }
        }
    }

    /** Settings under their config keys, for EffectiveConfig. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("min-lr", minLr);
        m.put("warmup-steps", warmupSteps);
        m.put("decay-steps", decaySteps);
        m.put("schedule", schedule);
        m.put("weight-decay", weightDecay);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("adam-eps", eps);
        m.put("grad-clip", gradClip);
        return m;
    }
}
