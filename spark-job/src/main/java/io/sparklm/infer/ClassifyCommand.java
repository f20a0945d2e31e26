package io.sparklm.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.eval.ClassifierEvaluator;
import io.sparklm.finetune.LabelledJsonl;
import io.sparklm.finetune.LabelledText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sparklm classify --checkpoint URI < texts.jsonl}: for every input line {@code {"text": ...[, "text-pair":
 * ...]}} (blank lines skipped, other fields ignored) prints one JSON line {@code {"label": ..., "probabilities":
 * {label: p, ...}}} with a fine-tuned classifier, in input order. A bad line exits 7 naming it.
 */
public final class ClassifyCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.classify");
    static final Key<Integer> BATCH = Key.integer("batch-size", 32, 1, 1 << 16, "texts per forward pass");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InputStream in;

    /** Reads the texts from System.in. */
    public ClassifyCommand() {
        this(System.in);
    }

    /** Reads the texts from {@code in}. */
    public ClassifyCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "label JSON lines from stdin with a fine-tuned classifier: one {label, probabilities} line each";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("classify", LoadedModel.CHECKPOINT, BATCH));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        String checkpoint = LoadedModel.CHECKPOINT.get(c);
        int batch = BATCH.get(c);
        List<LabelledText> texts = readInput(in);
        LoadedClassifier model = LoadedClassifier.open(checkpoint);
        LOG.info(texts.size() + " texts, labels " + model.labels() + ", max-length " + model.maxLength());
        double[][] p = model.probabilities(texts, batch);
        for (double[] row : p) {
            out.println(line(model.labels(), row));
        }
        return ExitCodes.OK;
    }

    private static List<LabelledText> readInput(InputStream in) throws java.io.IOException {
        List<LabelledText> texts = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (!line.isBlank()) {
                texts.add(LabelledJsonl.parse(line, "stdin:" + n, false));
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
