package io.sparklm.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Causal decoding with a GPT {@link LoadedModel}. The model sees a {@link ContextWindow}: the last seq-len ids of
 * the prompt, then each generated id; when a new id does not fit, the window keeps the newest seq-len/2 ids (the new
 * one included), re-encoded from position 0, so generation continues past seq-len. Next-token distributions come
 * from a KV cache ({@link CachedDecodeState}: one new row per token, a refill of seq-len/2 rows after each window
 * shift); {@link #withoutCache} is the reference that runs a full-window graph forward per token, with the same
 * window rule and, up to float rounding, the same distributions. Sampling ({@link Sampler}, seeded) or beam search
 * (sum of log-probabilities, deterministic; one cache per live beam, forked when a beam has several survivors).
 * Stops after {@code maxNew} tokens or at {@code stopId} (not emitted; -1 = none).
 */
public final class Generator {
    private final LoadedModel model;
    private final int padId;
    private final int stopId;
    private final KvForward forward;

    private Generator(LoadedModel model, int padId, int stopId, boolean cached) {
        if (!model.isGpt()) {
            throw new IllegalArgumentException("generation needs a gpt checkpoint (this one is bidirectional)");
        }
        this.model = model;
        this.padId = padId;
        this.stopId = stopId;
        this.forward = cached ? KvForward.of(model.graph()) : null;
    }

    /**
     * Generation with a KV cache (float checkpoints; IllegalArgumentException for a double one). {@code padId} is
     * used only by {@link #withoutCache}.
     */
    public Generator(LoadedModel model, int padId, int stopId) {
        this(model, padId, stopId, true);
    }

    /**
     * The reference path without a cache, for tests and benchmarks: one graph forward over the whole right-padded
     * window (pad {@code padId}) per new token, any data type. Same window rule and outputs as the cached path.
     */
    public static Generator withoutCache(LoadedModel model, int padId, int stopId) {
        return new Generator(model, padId, stopId, false);
    }

    private DecodeState start(int[] prompt) {
        ContextWindow w = ContextWindow.of(prompt, model.seqLen());
        return forward != null ? new CachedDecodeState(forward, w) : new WindowDecodeState(model, padId, w);
    }

    /** Generated ids (prompt excluded) by sampling. */
    public int[] sample(int[] prompt, int maxNew, Sampler sampler, long seed) {
        DecodeState state = start(prompt);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[maxNew];
        int n = 0;
        for (; n < maxNew; n++) {
            int next = sampler.next(state.next(), rnd);
            if (next == stopId) {
                break;
            }
            out[n] = next;
            state.append(next);
        }
        return Arrays.copyOf(out, n);
    }

    /** A beam: generated ids, total log-probability, ended by the stop id, decoding state (null when done). */
    private record Hyp(int[] ids, double logp, boolean done, DecodeState state) {}

    /** A possible extension of live beam {@code parent} by {@code id}. */
    private record Cand(Hyp hyp, int parent, int id) {}

    /** Generated ids (prompt excluded) of the best beam by total log-probability. */
    public int[] beam(int[] prompt, int maxNew, int beams) {
        List<Hyp> hyps = List.of(new Hyp(new int[0], 0, false, start(prompt)));
        for (int step = 0; step < maxNew; step++) {
            List<Hyp> live = hyps.stream().filter(h -> !h.done()).toList();
            if (live.isEmpty()) {
                break;
            }
            List<Cand> cand = new ArrayList<>();
            for (Hyp h : hyps) {
                if (h.done()) {
                    cand.add(new Cand(h, -1, -1));
                }
            }
            for (int h = 0; h < live.size(); h++) {
                double[] dist = live.get(h).state().next();
                for (int id : topIds(dist, beams)) {
                    double lp = live.get(h).logp() + Math.log(Math.max(dist[id], 1e-300));
                    int[] ids = Arrays.copyOf(live.get(h).ids(), live.get(h).ids().length + 1);
                    ids[ids.length - 1] = id;
                    cand.add(new Cand(new Hyp(ids, lp, id == stopId, null), h, id));
                }
            }
            cand.sort((a, b) -> Double.compare(b.hyp().logp(), a.hyp().logp()));
            hyps = advance(cand.subList(0, Math.min(beams, cand.size())), live);
        }
        Hyp best = hyps.get(0);
        int[] ids = best.ids();
        return best.done() ? Arrays.copyOf(ids, ids.length - 1) : ids;
    }

    /**
     * The kept candidates as beams: a live one gets its parent's state with its id appended, the parent's last
     * surviving child taking the state itself and earlier ones a copy.
     */
    private static List<Hyp> advance(List<Cand> kept, List<Hyp> live) {
        int[] children = new int[live.size()];
        for (Cand c : kept) {
            if (c.parent() >= 0 && !c.hyp().done()) {
                children[c.parent()]++;
            }
        }
        List<Hyp> out = new ArrayList<>();
        for (Cand c : kept) {
            if (c.parent() < 0 || c.hyp().done()) {
                out.add(c.hyp());
                continue;
            }
            DecodeState parent = live.get(c.parent()).state();
            DecodeState s = --children[c.parent()] == 0 ? parent : parent.copy();
            s.append(c.id());
            out.add(new Hyp(c.hyp().ids(), c.hyp().logp(), false, s));
        }
        return out;
    }

    /** The {@code k} most likely ids, most likely first, lower id first on ties. */
    private static int[] topIds(double[] p, int k) {
        int[] top = new int[Math.min(k, p.length)];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (n == top.length && !(p[i] > p[top[n - 1]])) {
                continue;
            }
            int j = n < top.length ? n++ : n - 1;
            for (; j > 0 && p[i] > p[top[j - 1]]; j--) {
                top[j] = top[j - 1];
            }
            top[j] = i;
        }
        return top;
    }
}
