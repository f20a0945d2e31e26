package io.sparklm.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classification scores from a confusion matrix ({@code confusion[true][predicted]} example counts over the
 * label set, in label order): accuracy, per-class precision, recall, F1 and support, and macro-F1 (the unweighted
 * mean of the per-class F1 over every label of the set). A class never predicted has precision 0, one never present
 * recall 0, and F1 is 0 when precision + recall is 0 (scikit-learn's {@code zero_division=0}).
 */
public final class ClassMetrics {
    private final List<String> labels;
    private final long[][] confusion;
    private final long total;

    public ClassMetrics(List<String> labels, long[][] confusion) {
        if (confusion.length != labels.size()) {
            throw new IllegalArgumentException(confusion.length + " confusion rows for " + labels.size() + " labels");
        }
        this.labels = List.copyOf(labels);
        this.confusion = new long[labels.size()][];
        long n = 0;
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != labels.size()) {
                throw new IllegalArgumentException("confusion row " + i + " has " + confusion[i].length + " columns");
            }
            this.confusion[i] = confusion[i].clone();
            for (long v : confusion[i]) {
                n += v;
            }
        }
        this.total = n;
    }

    public long total() {
        return total;
    }

    /** Correct predictions over all examples; NaN without examples. */
    public double accuracy() {
        long hit = 0;
        for (int i = 0; i < confusion.length; i++) {
            hit += confusion[i][i];
        }
        return total == 0 ? Double.NaN : (double) hit / total;
    }

    /** Examples of class {@code c} predicted as {@code c} over all predicted as {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    /** Examples of class {@code c} predicted as {@code c} over all of class {@code c}. */
    public double recall(int c) {
        long support = support(c);
        return support == 0 ? 0 : (double) confusion[c][c] / support;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long support(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    /** Mean F1 over all labels; NaN without examples. */
    public double macroF1() {
        if (total == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += f1(c);
        }
        return s / labels.size();
    }

    /**
     * The metrics.jsonl keys: {@code val_acc}, {@code val_macro_f1}, {@code val_classes} (label to precision,
     * recall, f1, support) and {@code val_confusion} ({@code labels}, {@code matrix}: rows true, columns predicted).
     */
    public Map<String, Object> extras() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("val_acc", finite(accuracy()));
        m.put("val_macro_f1", finite(macroF1()));
        Map<String, Object> classes = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("precision", precision(c));
            s.put("recall", recall(c));
            s.put("f1", f1(c));
            s.put("support", support(c));
            classes.put(labels.get(c), s);
        }
        m.put("val_classes", classes);
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("labels", labels);
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> r = new ArrayList<>();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        cm.put("matrix", rows);
        m.put("val_confusion", cm);
        return m;
    }

    /** Console lines: accuracy and macro-F1, one line per class, the confusion matrix. */
    public List<String> report() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "  accuracy %.4f  macro-F1 %.4f  (%d examples)", accuracy(), macroF1(),
                total));
        int w = 5;
        for (String l : labels) {
            w = Math.max(w, l.length());
        }
        for (int c = 0; c < labels.size(); c++) {
            out.add(String.format(Locale.ROOT, "  %-" + w + "s  precision %.4f  recall %.4f  f1 %.4f  support %d",
                    labels.get(c), precision(c), recall(c), f1(c), support(c)));
        }
        String corner = "true\\pred";
        int first = Math.max(w, corner.length());
        int cell = w;
        for (long[] row : confusion) {
            for (long v : row) {
                cell = Math.max(cell, Long.toString(v).length());
            }
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + first + "s", corner));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, " %" + cell + "s", l));
        }
        out.add(head.toString());
        for (int c = 0; c < labels.size(); c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + first + "s", labels.get(c)));
            for (long v : confusion[c]) {
                row.append(String.format(Locale.ROOT, " %" + cell + "d", v));
            }
            out.add(row.toString());
        }
        return out;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }
}
