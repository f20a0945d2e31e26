package io.sparklm.finetune;

import io.sparklm.cli.DataException;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.model.ModelConfig;
import io.sparklm.optim.OptimConfig;
import io.sparklm.train.RunSettings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    public static final Key<String> CHECKPOINT = Key.required("checkpoint", "URI",
            "a pre-trained gpt or bert checkpoint: a checkpoint directory or a run output (its newest checkpoint)")
            .resumable();
    public static final Key<String> TRAIN = Key.required("train", "URI", "labelled JSON lines {\"text\": ...,"
            + " \"label\": ...[, \"text-pair\": ...]} (.gz ok)").resumable();
    public static final Key<String> VALIDATION = Key.required("validation", "URI",
            "the same format; evaluated in full at every evaluation").resumable();
    public static final Key<String> OUTPUT = RunSettings.OUTPUT;
    public static final Key<Integer> MAX_LENGTH = Key.integer("max-length", 0, 2, 1 << 20,
            "tokens per example; longer texts are truncated (HF longest_first)").computedDefault("the checkpoint's seq-len");
    public static final Key<String> POOLING = Key.choice("pooling", "last",
            "the example's vector: last token, mean over tokens, or bert's [CLS]", "last", "mean", "cls")
            .computedDefault("gpt: last, bert: cls");
    public static final Key<Double> HEAD_LR = Key.number("head-lr", 0, 0, 10,
            "the classifier head's peak learning rate (the body's is lr)").computedDefault("lr");
    public static final Key<Double> HEAD_DROPOUT = Key.number("head-dropout", 0.1, 0, 0.9,
            "dropout on the pooled vector");
    public static final Key<Boolean> FREEZE_BODY = Key.bool("freeze-body", false,
            "train the head only; the body keeps its pre-trained weights");
    public static final Key<String> CLASS_WEIGHTS = Key.string("class-weights", "none", "none|auto|W1,W2,...",
            "loss weight per label: auto = n / (classes x n_label), or one weight per label in label order");
    public static final Key<String> INIT = Key.choice("init", "pretrained",
            "the body's weights: the checkpoint's, or random (the same architecture from scratch)",
            "pretrained", "random");
    public static final Key<Double> DROPOUT = ModelConfig.DROPOUT.computedDefault("the checkpoint's");
    public static final Key<Double> EPOCHS = Key.number("epochs", 3, 1e-6, 1e6,
            "passes over the training file; sets the max-steps default").resumable();

    /** Keys whose fine-tuning default differs from pre-training's, with the rule. */
    private static final Map<String, String> RUN_DEFAULTS = Map.ofEntries(
            Map.entry("batch-size-per-worker", "16"), Map.entry("max-steps", "epochs x steps per epoch"),
            Map.entry("eval-every", "max-steps / 6"), Map.entry("checkpoint-every-steps", "max-steps / 6"),
            Map.entry("eval-batches", "all of validation"), Map.entry("decay-steps", "max-steps"),
            Map.entry("warmup-steps", "10% of max-steps"), Map.entry("schedule", "linear"), Map.entry("lr", "1e-4"),
            Map.entry("min-lr", "0"), Map.entry("weight-decay", "0.01"), Map.entry("beta2", "0.999"));

    /** Every key of {@code sparklm finetune}, in help order. */
    public static final List<KeyGroup> KEYS = List.of(
            KeyGroup.of("fine-tuning", CHECKPOINT, TRAIN, VALIDATION, OUTPUT, MAX_LENGTH, POOLING, HEAD_LR,
                    HEAD_DROPOUT, FREEZE_BODY, CLASS_WEIGHTS, INIT, DROPOUT, EPOCHS),
            new KeyGroup("run", withFinetuneDefaults(RunSettings.KEYS.stream()
                    .filter(k -> k != RunSettings.DATA && k != RunSettings.OUTPUT).toList())),
            new KeyGroup("optimizer", withFinetuneDefaults(OptimConfig.KEYS)));

    private static List<Key<?>> withFinetuneDefaults(List<Key<?>> keys) {
        return keys.stream().<Key<?>>map(k -> RUN_DEFAULTS.containsKey(k.name())
                ? k.computedDefault(RUN_DEFAULTS.get(k.name())) : k).toList();
    }

    /** The keys a resumed fine-tuning run may change. */
    public static Set<String> resumableKeys() {
        Set<String> out = new java.util.TreeSet<>();
        KEYS.forEach(g -> g.keys().stream().filter(Key::isResumable).forEach(k -> out.add(k.name())));
        return out;
    }

    /**
     * {@code c}: the parsed command line (checkpoint, train, validation, output and max-length already read);
     * {@code arch}: the checkpoint's architecture; {@code inputs}: the checkpoint, data and label keys for the
     * effective config.
     */
    public static FinetuneConfig from(ConfigMap c, ModelConfig arch, int maxLength, FinetuneData data,
                                      Map<String, Object> inputs) {
        int batch = RunSettings.BATCH.get(c, 16);
        int workers = RunSettings.WORKERS.get(c);
        int accum = RunSettings.GRAD_ACCUM.get(c);
        double epochs = EPOCHS.get(c);
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
        long maxSteps = RunSettings.MAX_STEPS.get(d);
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
        String pooling = POOLING.get(e, arch.isGpt() ? "last" : "cls");
        double headLr = HEAD_LR.get(e, optim.lr());
        boolean freeze = FREEZE_BODY.get(e);
        double headDropout = HEAD_DROPOUT.get(e);
        double[] weights = classWeights(CLASS_WEIGHTS.get(e), data);
        String init = INIT.get(e);
        double dropout = DROPOUT.get(e, arch.dropout());
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
