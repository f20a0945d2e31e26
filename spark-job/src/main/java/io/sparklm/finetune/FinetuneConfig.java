package io.sparklm.finetune;

import io.sparklm.cli.DataException;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.RunSettings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one fine-tuning run: the pre-training run keys ({@link RunSettings}) and optimizer keys
 * ({@link OptimConfig}) with fine-tuning defaults that follow the data (max-steps from {@code epochs}, validation
 * and checkpoints six times a run, linear decay to 0 over the run after a 10% warmup, lr 1e-4, weight decay 0.01,
 * beta2 0.999, batch 16 per worker, the whole validation split per evaluation), the classifier's body (the
 * checkpoint's architecture at {@code max-length}, {@code dropout}, the run seed) and head ({@code pooling},
 * {@code head-lr}, {@code head-dropout}, {@code freeze-body}, {@code class-weights}), and {@code init}
 * (pretrained, or random: the same architecture from random weights). Unknown keys are rejected by name.
 */
public record FinetuneConfig(RunSettings run, OptimConfig optim, ModelConfig body, ClassifierHead head, double headLr,
                             String init, double epochs, Map<String, Object> inputs) {

    /**
     * {@code c}: the parsed command line (checkpoint, train, validation, output and max-length already read);
     * {@code arch}: the checkpoint's architecture; {@code inputs}: the checkpoint, data and label keys for the
     * effective config.
     */
    public static FinetuneConfig from(ConfigMap c, ModelConfig arch, int maxLength, FinetuneData data,
                                      Map<String, Object> inputs) {
        int batch = c.integer("batch-size-per-worker", 16, 1, 1 << 20);
        int workers = c.integer("workers", 2, 1, 4096);
        int accum = c.integer("grad-accum-steps", 1, 1, 1 << 16);
        double epochs = c.number("epochs", 3, 1e-6, 1e6);
        long blocksPerEpoch = data.train().records() / batch;
        if (blocksPerEpoch == 0) {
            throw new DataException("the training file has " + data.train().records() + " examples, fewer than one"
                    + " batch (batch-size-per-worker " + batch + ")");
        }
        long stepsPerEpoch = Math.max(1, blocksPerEpoch / ((long) workers * accum));
        ConfigMap d = c.withDefaults(Map.of("batch-size-per-worker", "" + batch,
                "max-steps", "" + Math.max(1, Math.round(epochs * stepsPerEpoch)),
                "eval-batches", "" + Math.max(1, (data.validation().records() + batch - 1) / batch),
                "data", (String) inputs.get("train")), "finetune");
        long maxSteps = d.longValue("max-steps", 1000, 0, Long.MAX_VALUE / 4);
        long every = Math.max(1, (maxSteps + 5) / 6);
        Map<String, String> schedule = new LinkedHashMap<>();
        schedule.put("eval-every", "" + every);
        schedule.put("checkpoint-every-steps", "" + every);
        schedule.put("decay-steps", "" + Math.max(1, maxSteps));
        schedule.put("warmup-steps", "" + Math.round(0.1 * maxSteps));
        schedule.put("schedule", "linear");
        schedule.put("lr", "1e-4");
        schedule.put("min-lr", "0");
        schedule.put("weight-decay", "0.01");
        schedule.put("beta2", "0.999");
        ConfigMap e = d.withDefaults(schedule, "finetune");
        RunSettings run = RunSettings.from(e);
        OptimConfig optim = OptimConfig.from(e);
        if (!(optim.lr() > 0)) {
            throw new ConfigException("config key 'lr': must be > 0 (the head's rate is head-lr / lr of the schedule)");
        }
        String pooling = e.choice("pooling", arch.isGpt() ? "last" : "cls", "last", "mean", "cls");
        double headLr = e.number("head-lr", optim.lr(), 0, 10);
        boolean freeze = e.bool("freeze-body", false);
        double headDropout = e.number("head-dropout", 0.1, 0, 0.9);
        double[] weights = classWeights(e.string("class-weights", "none"), data);
        String init = e.choice("init", "pretrained", "pretrained", "random");
        double dropout = e.number("dropout", arch.dropout(), 0, 0.9);
        e.requireAllUsed();
        if (run.gradAccumSteps() > 1 && run.trainer().equals("shared")) {
            throw new ConfigException("config key 'grad-accum-steps': gradient sharing (trainer=shared) applies every"
                    + " minibatch's update at once; use trainer=sync, averaging or local to accumulate");
        }
        ClassifierHead head = new ClassifierHead(data.labels().size(), pooling, headDropout, headLr / optim.lr(),
                freeze, weights);
        return new FinetuneConfig(run, optim, ClassifierModel.body(arch, maxLength, dropout, run.seed()), head, headLr,
                init, epochs, inputs);
    }

    /** {@code none}, {@code auto} (n / (C n_c), scikit-learn's "balanced") or one positive weight per label. */
    static double[] classWeights(String spec, FinetuneData data) {
        int c = data.labels().size();
        if (spec.equals("none")) {
            return null;
        }
        double[] w = new double[c];
        if (spec.equals("auto")) {
            for (int i = 0; i < c; i++) {
                w[i] = (double) data.train().records() / (c * (double) data.train().perLabel()[i]);
            }
            return w;
        }
        String[] parts = spec.split(",");
        if (parts.length != c) {
            throw new ConfigException("config key 'class-weights': expected none, auto or " + c
                    + " comma-separated weights (labels " + data.labels() + "), got '" + spec + "'");
        }
        for (int i = 0; i < c; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException ex) {
                w[i] = Double.NaN;
            }
            if (!(w[i] > 0) || Double.isInfinite(w[i])) {
                throw new ConfigException("config key 'class-weights': weight '" + parts[i].trim() + "' of label "
                        + data.labels().get(i) + " is not a positive number");
            }
        }
        return w;
    }

    /** All settings under their config keys (the effective config and every checkpoint's config.json). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(run.asConfig());
        m.putAll(optim.asMap());
        Map<String, Object> b = new LinkedHashMap<>(body.asMap());
        b.keySet().removeAll(List.of("parameters", "pad-id", "nsp", "loss-within-documents"));
        m.putAll(b);
        m.put("max-length", body.seqLen());
        m.put("pooling", head.pooling());
        m.put("head-lr", headLr);
        m.put("head-dropout", head.dropout());
        m.put("freeze-body", head.freezeBody());
        m.put("class-weights", head.classWeights() == null ? "none"
                : Arrays.stream(head.classWeights()).mapToObj(Double::toString).toList());
        m.put("init", init);
        m.put("epochs", epochs);
        m.putAll(inputs);
        return m;
    }
}
