package io.sparklm.infer;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Causal decoding with a GPT {@link LoadedModel}: each step feeds the last {@code seqLen} tokens (right-padded,
 * which the causal mask makes invisible) and reads the distribution at the last real position. Sampling
 * ({@link Sampler}, seeded) or beam search (sum of log-probabilities, deterministic). Stops after
 * {@code maxNew} tokens or at {@code stopId} (not emitted; -1 = none).
 */
public final class Generator {
    private final LoadedModel model;
    private final int padId;
    private final int stopId;

    public Generator(LoadedModel model, int padId, int stopId) {
        if (!model.isGpt()) {
            throw new IllegalArgumentException("generation needs a gpt checkpoint (this one is bidirectional)");
        }
        this.model = model;
        this.padId = padId;
        this.stopId = stopId;
    }

    /** Next-token distribution after each of the given contexts. */
    double[][] nextDistributions(List<int[]> contexts) {
        int t = model.seqLen();
        int[][] windows = new int[contexts.size()][];
        for (int i = 0; i < windows.length; i++) {
            int[] c = contexts.get(i);
            windows[i] = Arrays.copyOfRange(c, Math.max(0, c.length - t), c.length);
        }
        INDArray probs = model.probabilities(windows, padId);
        double[][] out = new double[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            int pos = windows[i].length - 1;
            out[i] = probs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(pos),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).toDoubleVector();
        }
        return out;
    }

    /** Generated ids (prompt excluded) by sampling. */
    public int[] sample(int[] prompt, int maxNew, Sampler sampler, long seed) {
        requirePrompt(prompt);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] seq = prompt.clone();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < maxNew; i++) {
            int next = sampler.next(nextDistributions(List.of(seq))[0], rnd);
            if (next == stopId) {
                break;
            }
            out.add(next);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = next;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Generated ids (prompt excluded) of the best beam by total log-probability. */
    public int[] beam(int[] prompt, int maxNew, int beams) {
        requirePrompt(prompt);
        record Hyp(int[] seq, double logp, boolean done) {}
        List<Hyp> hyps = List.of(new Hyp(prompt.clone(), 0, false));
        for (int step = 0; step < maxNew; step++) {
            List<Hyp> live = hyps.stream().filter(h -> !h.done()).toList();
            if (live.isEmpty()) {
                break;
            }
            double[][] dist = nextDistributions(live.stream().map(Hyp::seq).toList());
            List<Hyp> cand = new ArrayList<>(hyps.stream().filter(Hyp::done).toList());
            for (int h = 0; h < live.size(); h++) {
                Integer[] order = topIds(dist[h], beams);
                for (int id : order) {
                    double lp = live.get(h).logp() + Math.log(Math.max(dist[h][id], 1e-300));
                    int[] s = Arrays.copyOf(live.get(h).seq(), live.get(h).seq().length + 1);
                    s[s.length - 1] = id;
                    cand.add(new Hyp(s, lp, id == stopId));
                }
            }
            cand.sort((a, b) -> Double.compare(b.logp(), a.logp()));
            hyps = cand.subList(0, Math.min(beams, cand.size()));
        }
        int[] best = hyps.get(0).seq();
        int end = best.length;
        if (hyps.get(0).done()) {
            end--;
        }
        return Arrays.copyOfRange(best, prompt.length, end);
    }

    private static Integer[] topIds(double[] p, int k) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        return Arrays.copyOf(idx, Math.min(k, p.length));
    }

    private static void requirePrompt(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt encodes to no tokens");
        }
    }
}
