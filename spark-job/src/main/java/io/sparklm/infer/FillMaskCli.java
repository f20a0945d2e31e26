package io.sparklm.infer;

import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigMap;
import io.sparklm.tokenizer.Tokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code FillMaskCli --checkpoint URI --text "... [MASK] ..." [--top-k K]}: for each [MASK] of TEXT, prints the
 * top-k candidates of a BERT checkpoint as {@code <mask#>\t<token>\t<probability>} lines, most likely first.
 * Exit 0 ok, 1 runtime failure, 2 bad arguments (including a text without [MASK] or a gpt checkpoint).
 */
public final class FillMaskCli {
    static final String USAGE = String.join("\n",
            "usage: FillMaskCli --checkpoint URI --text \"... [MASK] ...\" [--top-k K]",
            "  --checkpoint URI   checkpoint directory (has model.zip) or run output (uses checkpoints/latest)",
            "  --text TEXT        text with one or more [MASK] tokens",
            "  --top-k K          candidates per mask (default 5)");

    /** One candidate for one mask. */
    public record Candidate(int mask, String token, int id, double probability) {}

    public static void main(String[] argv) {
        ExitCodes.exit(run(argv, System.out, System.err));
    }

    /** Parsed arguments. */
    record Args(String checkpoint, String text, int topK) {
        static Args from(ConfigMap c) {
            return new Args(c.requiredString("checkpoint"), c.requiredString("text"), c.integer("top-k", 5, 1, 1000));
        }
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return CliShell.run("FillMaskCli", USAGE, argv, out, err, Args::from, (a, o, e) -> {
            LoadedModel model = LoadedModel.open(a.checkpoint());
            for (Candidate cand : fill(model, a.text(), a.topK())) {
                o.printf(Locale.ROOT, "%d\t%s\t%.6f%n", cand.mask(), cand.token(), cand.probability());
            }
        });
    }

    /** Top-k candidates for every [MASK] position, masks in text order. */
    public static List<Candidate> fill(LoadedModel model, String text, int k) {
        if (model.isGpt()) {
            throw new IllegalArgumentException("fill-mask needs a bert checkpoint (this one is causal)");
        }
        Tokenizer tok = model.tokenizer();
        int maskId = tok.tokenToId("[MASK]");
        int pad = Math.max(0, tok.tokenToId("[PAD]"));
        int[] ids = tok.encode(text, true);
        if (ids.length > model.seqLen()) {
            throw new IllegalArgumentException("text is " + ids.length + " tokens, the model takes " + model.seqLen());
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == maskId) {
                positions.add(i);
            }
        }
        if (maskId < 0 || positions.isEmpty()) {
            throw new IllegalArgumentException("the text has no [MASK] token");
        }
        INDArray probs = model.probabilities(new int[][]{ids}, pad);
        List<Candidate> out = new ArrayList<>();
        for (int m = 0; m < positions.size(); m++) {
            double[] p = probs.get(NDArrayIndex.point(0), NDArrayIndex.point(positions.get(m)), NDArrayIndex.all())
                    .toDoubleVector();
            Integer[] order = new Integer[p.length];
            for (int i = 0; i < p.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
            for (int j = 0; j < Math.min(k, p.length); j++) {
                out.add(new Candidate(m, tok.idToToken(order[j]), order[j], p[order[j]]));
            }
        }
        return out;
    }
}
