package io.sparklm.optim;

import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;

import java.util.LinkedHashMap;
import java.util.List;
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

    public static final Key<Double> LR = Key.number("lr", 6e-4, 0, 10,
            "peak learning rate (after warmup); a resumed run takes the new value from its step on").resumable();
    public static final Key<Double> MIN_LR = Key.number("min-lr", 6e-5, 0, 10,
            "learning rate at the end of the decay").computedDefault("lr / 10").resumable();
    public static final Key<Integer> WARMUP_STEPS = Key.integer("warmup-steps", 100, 0, Integer.MAX_VALUE,
            "steps of linear warmup from 0 to lr").resumable();
    public static final Key<Integer> DECAY_STEPS = Key.integer("decay-steps", 5000, 1, Integer.MAX_VALUE,
            "step at which the decay reaches min-lr").resumable();
    public static final Key<String> SCHEDULE = Key.choice("schedule", "cosine",
            "decay shape after warmup", "cosine", "linear", "constant").resumable();
    public static final Key<Double> WEIGHT_DECAY = Key.number("weight-decay", 0.1, 0, 10,
            "AdamW decoupled weight decay (not on LayerNorm, biases, embeddings)");
    public static final Key<Double> BETA1 = Key.number("beta1", 0.9, 0, 0.999999, "Adam first-moment decay");
    public static final Key<Double> BETA2 = Key.number("beta2", 0.95, 0, 0.999999999, "Adam second-moment decay");
    public static final Key<Double> ADAM_EPS = Key.number("adam-eps", 1e-8, 0, 1, "Adam epsilon");
    public static final Key<Double> GRAD_CLIP = Key.number("grad-clip", 1.0, 0, 1e9,
            "largest global L2 norm of the gradient; 0 = no clipping");

    /** The optimizer keys, in help order. */
    public static final List<Key<?>> KEYS = List.of(LR, MIN_LR, WARMUP_STEPS, DECAY_STEPS, SCHEDULE, WEIGHT_DECAY,
            BETA1, BETA2, ADAM_EPS, GRAD_CLIP);

    /** The optimizer keys from {@code c}. */
    public static OptimConfig from(ConfigMap c) {
        double lr = LR.get(c);
        return new OptimConfig(lr, MIN_LR.get(c, lr / 10), WARMUP_STEPS.get(c), DECAY_STEPS.get(c), SCHEDULE.get(c),
                WEIGHT_DECAY.get(c), BETA1.get(c), BETA2.get(c), ADAM_EPS.get(c), GRAD_CLIP.get(c));
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
        m.put(LR.name(), lr);
        m.put(MIN_LR.name(), minLr);
        m.put(WARMUP_STEPS.name(), warmupSteps);
        m.put(DECAY_STEPS.name(), decaySteps);
        m.put(SCHEDULE.name(), schedule);
        m.put(WEIGHT_DECAY.name(), weightDecay);
        m.put(BETA1.name(), beta1);
        m.put(BETA2.name(), beta2);
        m.put(ADAM_EPS.name(), eps);
        m.put(GRAD_CLIP.name(), gradClip);
        return m;
    }
}
