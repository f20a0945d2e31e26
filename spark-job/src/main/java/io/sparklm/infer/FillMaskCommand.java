package io.sparklm.infer;

import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.tokenizer.Tokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code sparklm fill-mask}: for each [MASK] of a text, prints the top-k candidates of a BERT checkpoint as
 * {@code <mask#>\t<token>\t<probability>} lines, most likely first.
 */
public final class FillMaskCommand implements Command {
    static final Key<String> TEXT = Key.required("text", "TEXT", "text with one or more [MASK] tokens");
    static final Key<Integer> TOP_K = Key.integer("top-k", 5, 1, 1000, "candidates per mask");

    /** One candidate for one mask. */
    public record Candidate(int mask, String token, int id, double probability) {}

    @Override
    public String name() {
        return "fill-mask";
    }

    @Override
    public String summary() {
        return "the most likely tokens for each [MASK] of a text, from a BERT checkpoint";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("fill-mask", LoadedModel.CHECKPOINT, TEXT, TOP_K));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        String checkpoint = LoadedModel.CHECKPOINT.get(c);
        String text = TEXT.get(c);
        int k = TOP_K.get(c);
        LoadedModel model = LoadedModel.open(checkpoint);
        for (Candidate cand : fill(model, text, k)) {
            out.printf(Locale.ROOT, "%d\t%s\t%.6f%n", cand.mask(), cand.token(), cand.probability());
        }
        return ExitCodes.OK;
    }

    /** Top-k candidates for every [MASK] position, masks in text order. */
    public static List<Candidate> fill(LoadedModel model, String text, int k) {
        if (model.isGpt()) {
            throw new ConfigException("config key 'checkpoint': fill-mask needs a bert checkpoint (this one is causal)");
        }
        Tokenizer tok = model.tokenizer();
        int maskId = tok.tokenToId("[MASK]");
        int pad = Math.max(0, tok.tokenToId("[PAD]"));
        int[] ids = tok.encode(text, true);
        if (ids.length > model.seqLen()) {
            throw new ConfigException("config key 'text': " + ids.length + " tokens, the model takes " + model.seqLen());
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == maskId) {
                positions.add(i);
            }
        }
        if (maskId < 0 || positions.isEmpty()) {
            throw new ConfigException("config key 'text': the text has no [MASK] token");
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
