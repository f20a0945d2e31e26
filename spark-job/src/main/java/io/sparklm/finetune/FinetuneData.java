package io.sparklm.finetune;

import io.sparklm.cli.DataException;
import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The labelled data of a fine-tuning run, tokenized once by the driver into {@link ExampleFile}s under
 * {@code <output>/data/}, named by their content's SHA-256 ({@code train-<sha16>.examples}); an invocation that
 * prepares the same bytes reuses the file, different data never overwrites what a checkpoint trained on. The label
 * set is the training file's distinct labels, in numeric order when all are integers, else in string order; a
 * validation label outside it is a {@link DataException}.
 */
public record FinetuneData(List<String> labels, Split train, Split validation) {
    public static final String DIR = "data";

    /** One prepared split: its file URI, record count, examples cut to max-length, examples per label, SHA-256. */
    public record Split(String uri, long records, long truncated, long[] perLabel, String sha256) {
        /** "4,837 examples (ham 3,300, spam 1,537), 12 truncated" */
        String describe(List<String> labels) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d examples (", records));
            for (int i = 0; i < labels.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(labels.get(i)).append(' ')
                        .append(String.format(Locale.ROOT, "%,d", perLabel[i]));
            }
            return b.append(String.format(Locale.ROOT, "), %,d truncated", truncated)).toString();
        }
    }

    /** Tokenizes both splits with {@code encoder} and writes their files under {@code output} (see the class comment). */
    public static FinetuneData prepare(List<LabelledText> train, List<LabelledText> validation,
                                       ExampleEncoder encoder, FileSystem fs, Path output) throws IOException {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new DataException("the " + (train.isEmpty() ? "training" : "validation") + " file has no examples");
        }
        List<String> labels = labelSet(train);
        if (labels.size() < 2) {
            throw new DataException("the training file has only the label " + labels
                    + ": a classifier needs at least 2");
        }
        Split t = split("train", train, labels, encoder, fs, output);
        Split v = split("validation", validation, labels, encoder, fs, output);
        return new FinetuneData(labels, t, v);
    }

    /** Distinct labels, numerically ordered when every label is an integer, else in string order. */
    public static List<String> labelSet(List<LabelledText> examples) {
        TreeSet<String> distinct = new TreeSet<>();
        for (LabelledText e : examples) {
            distinct.add(e.label());
        }
        List<String> out = new ArrayList<>(distinct);
        if (out.stream().allMatch(s -> s.matches("-?\\d{1,18}"))) {
            out.sort(java.util.Comparator.comparingLong(Long::parseLong));
        }
        return out;
    }

    private static Split split(String name, List<LabelledText> texts, List<String> labels, ExampleEncoder encoder,
                               FileSystem fs, Path output) throws IOException {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        List<Example> examples = new ArrayList<>(texts.size());
        long[] perLabel = new long[labels.size()];
        long truncated = 0;
        for (int i = 0; i < texts.size(); i++) {
            LabelledText t = texts.get(i);
            Integer label = index.get(t.label());
            if (label == null) {
                throw new DataException(name + " example " + (i + 1) + " has the label '" + t.label()
                        + "', which the training file does not have (labels: " + labels + ")");
            }
            ExampleEncoder.Encoded e;
            try {
                e = encoder.encode(t.text(), t.pair(), label);
            } catch (IllegalArgumentException ex) {
                throw new DataException(name + " example " + (i + 1) + ": " + ex.getMessage());
            }
            examples.add(e.example());
            perLabel[label]++;
            truncated += e.truncated() ? 1 : 0;
        }
        byte[] bytes = ExampleFile.encode(examples, encoder.maxLength(), labels.size());
        String sha = HadoopFs.sha256(bytes);
        Path file = new Path(new Path(output, DIR), name + "-" + sha.substring(0, 16) + ".examples");
        if (!fs.exists(file) || !HadoopFs.sha256(fs, file).equals(sha)) {
            HadoopFs.writeAtomically(fs, file, bytes);
        }
        return new Split(file.toString(), examples.size(), truncated, perLabel, sha);
    }

    /** Console lines describing both splits. */
    public List<String> describe() {
        return List.of("labels: " + labels, "train: " + train.describe(labels) + " -> " + train.uri(),
                "validation: " + validation.describe(labels) + " -> " + validation.uri());
    }
}
