package io.sparklm.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.cli.DataException;
import io.sparklm.config.ConfigMap;
import io.sparklm.eval.ClassifierEvaluator;
import io.sparklm.finetune.LabelledJsonl;
import io.sparklm.finetune.LabelledText;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ClassifyCli --checkpoint URI [--batch-size N] < texts.jsonl}: for every input line
 * {@code {"text": ...[, "text-pair": ...]}} (blank lines skipped, other fields ignored) prints one JSON line
 * {@code {"label": ..., "probabilities": {label: p, ...}}} with a fine-tuned classifier, in input order. Exit 0 ok,
 * 1 runtime failure, 2 bad arguments or input (the message names the line), or a checkpoint that is no classifier.
 */
public final class ClassifyCli {
    static final String USAGE = String.join("\n",
            "usage: ClassifyCli --checkpoint URI [--batch-size N] < texts.jsonl",
            "  --checkpoint URI   a fine-tuned classifier: checkpoint directory or run output (checkpoints/latest)",
            "  --batch-size N     texts per forward pass (default 32)",
            "  stdin: JSON lines {\"text\": ...[, \"text-pair\": ...]}; stdout: {\"label\": ..., \"probabilities\": {...}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parsed arguments. */
    record Args(String checkpoint, int batchSize) {
        static Args from(ConfigMap c) {
            return new Args(c.requiredString("checkpoint"), c.integer("batch-size", 32, 1, 1 << 16));
        }
    }

    private ClassifyCli() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.in, System.out, System.err));
    }

    static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        return CliShell.run("ClassifyCli", USAGE, argv, out, err, Args::from, (a, o, e) -> {
            List<LabelledText> texts = readInput(in);
            LoadedClassifier model = LoadedClassifier.open(a.checkpoint());
            e.println("[classify] " + texts.size() + " texts, labels " + model.labels() + ", max-length "
                    + model.maxLength());
            double[][] p = model.probabilities(texts, a.batchSize());
            for (double[] row : p) {
                o.println(line(model.labels(), row));
            }
        });
    }

    private static List<LabelledText> readInput(InputStream in) throws java.io.IOException {
        List<LabelledText> texts = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (!line.isBlank()) {
                try {
                    texts.add(LabelledJsonl.parse(line, "stdin:" + n, false));
                } catch (DataException ex) {
                    throw new IllegalArgumentException(ex.getMessage());
                }
            }
        }
        return texts;
    }

    /** {"label": the most probable label, "probabilities": {label: p}} in label order. */
    static String line(List<String> labels, double[] p) throws java.io.IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("label", labels.get(ClassifierEvaluator.argMax(p)));
        ObjectNode probs = n.putObject("probabilities");
        for (int i = 0; i < labels.size(); i++) {
            probs.put(labels.get(i), p[i]);
        }
        return JSON.writeValueAsString(n);
    }
}
