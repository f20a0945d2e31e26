package io.sparklm.prep.seq;

import io.sparklm.rng.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * BERT create_pretraining_data.py logic on a group of documents (each a list of tokenized segments): instances
 * {@code [CLS] A [SEP] (B [SEP])} with short_seq_prob, random-next B drawn from another document of the group,
 * truncate_seq_pair, then static masking (mask-prob of the tokens, at most max-predictions-per-seq, 80% [MASK]
 * / 10% random / 10% kept, optional whole-word) or none (dynamic). Every random choice comes from
 * {@code Rng.of(seed, docHashHigh, docHashLow, copy)}, so output depends only on content and config.
 */
public final class MlmBuilder {
    /** One tokenized document: its hash id and segments (never empty arrays). */
    public record Doc(String hash, List<int[]> segments) implements java.io.Serializable {}

    private final MlmSpec spec;
    private final boolean[] wordStart;

    /** {@code wordStart[id]}: token id begins a word (whole-word masking); may be null when wholeWord is off. */
    public MlmBuilder(MlmSpec spec, boolean[] wordStart) {
        if (spec.maxNumTokens() < 2) {
            throw new IllegalArgumentException("seq-len " + spec.seqLen() + " too short for mlm");
        }
        this.spec = spec;
        this.wordStart = wordStart;
    }

    /** Emits the instances of every document of {@code group}, for copies 0..{@code copies}-1 (copy-major order). */
    public void buildAll(List<Doc> group, int copies, Consumer<Piece> out) {
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < group.size(); i++) {
                build(group, i, c, out);
            }
        }
    }

    /** Emits the instances of document {@code docIndex} of {@code group} for copy {@code copy}. */
    public void build(List<Doc> group, int docIndex, int copy, Consumer<Piece> out) {
        Doc doc = group.get(docIndex);
        long hi = DocHash.high(doc.hash());
        long lo = DocHash.low(doc.hash());
        Rng rng = Rng.of(spec.seed(), hi, lo, copy);
        List<int[]> document = chop(doc.segments());
        int maxNum = spec.maxNumTokens();
        int target = maxNum;
        if (rng.nextDouble() < spec.shortSeqProb()) {
            target = rng.randint(2, maxNum);
        }
        List<int[]> chunk = new ArrayList<>();
        int chunkLen = 0;
        int inst = 0;
        int i = 0;
        while (i < document.size()) {
            int[] seg = document.get(i);
            chunk.add(seg);
            chunkLen += seg.length;
            if (i == document.size() - 1 || chunkLen >= target) {
                if (!chunk.isEmpty()) {
                    int aEnd = 1;
                    if (chunk.size() >= 2) {
                        aEnd = rng.randint(1, chunk.size() - 1);
                    }
                    IntList a = new IntList();
                    IntList b = new IntList();
                    int nsp = -1;
                    if (spec.nsp()) {
                        for (int j = 0; j < aEnd; j++) {
                            a.addAll(chunk.get(j));
                        }
                        boolean randomNext = false;
                        if (group.size() > 1 && (chunk.size() == 1 || rng.nextDouble() < 0.5)) {
                            randomNext = true;
                            int targetB = target - a.size;
                            int r = docIndex;
                            for (int t = 0; t < 10 && r == docIndex; t++) {
                                r = rng.nextInt(group.size());
                            }
                            List<int[]> other = chop(group.get(r).segments());
                            int rs = rng.nextInt(other.size());
                            for (int j = rs; j < other.size(); j++) {
                                b.addAll(other.get(j));
                                if (b.size >= targetB) {
                                    break;
                                }
                            }
                            i -= chunk.size() - aEnd;
                        } else {
                            for (int j = aEnd; j < chunk.size(); j++) {
                                b.addAll(chunk.get(j));
                            }
                        }
                        if (b.size == 0) {
                            // single-segment chunk in a one-document group: split A to make a real next sentence
                            if (a.size >= 2) {
                                int cut = Math.max(1, a.size / 2);
                                b.addAll(Arrays.copyOfRange(a.data, cut, a.size));
                                a.size = cut;
                                randomNext = false;
                            }
                        }
                        nsp = randomNext ? 1 : 0;
                    } else {
                        for (int[] s : chunk) {
                            a.addAll(s);
                        }
                    }
                    truncatePair(a, b, maxNum, rng);
                    if (a.size >= 1 && (!spec.nsp() || b.size >= 1)) {
                        long id = Rng.mix(hi, lo, copy, inst++);
                        out.accept(record(a, b, nsp, id, rng));
                    }
                }
                chunk.clear();
                chunkLen = 0;
            }
            i++;
        }
    }

    /** Splits segments longer than max-num-tokens so that long unpunctuated text is not thrown away. */
    private List<int[]> chop(List<int[]> segs) {
        int max = spec.maxNumTokens();
        List<int[]> out = new ArrayList<>(segs.size());
        for (int[] s : segs) {
            for (int o = 0; o < s.length; o += max) {
                out.add(Arrays.copyOfRange(s, o, Math.min(s.length, o + max)));
            }
        }
        return out;
    }

    private static void truncatePair(IntList a, IntList b, int max, Rng rng) {
        while (a.size + b.size > max) {
            IntList t = a.size > b.size ? a : b;
            if (rng.nextDouble() < 0.5) {
                t.removeFirst();
            } else {
                t.size--;
            }
        }
    }

    private Piece record(IntList a, IntList b, int nsp, long id, Rng rng) {
        int n = spec.seqLen();
        int[] ids = new int[n];
        int[] seg = new int[n];
        Arrays.fill(ids, spec.padId());
        int p = 0;
        ids[p++] = spec.clsId();
        for (int k = 0; k < a.size; k++) {
            ids[p++] = a.data[k];
        }
        ids[p++] = spec.sepId();
        if (b.size > 0) {
            for (int k = 0; k < b.size; k++) {
                seg[p] = 1;
                ids[p++] = b.data[k];
            }
            seg[p] = 1;
            ids[p++] = spec.sepId();
        }
        int[] labels = spec.staticMasking() ? mask(ids, p, rng) : null;
        return new Piece(id, 0, ids, labels, seg, nsp);
    }

    /** BERT create_masked_lm_predictions over the first {@code len} (non-padding) positions; mutates ids. */
    int[] mask(int[] ids, int len, Rng rng) {
        int[] labels = new int[ids.length];
        Arrays.fill(labels, -1);
        List<int[]> cand = new ArrayList<>();
        IntList cur = null;
        for (int i = 0; i < len; i++) {
            int t = ids[i];
            if (t == spec.clsId() || t == spec.sepId()) {
                cur = null;
                continue;
            }
            if (spec.wholeWord() && cur != null && wordStart != null && t < wordStart.length && !wordStart[t]) {
                cur.add(i);
            } else {
                if (cur != null) {
                    cand.add(cur.toArray());
                }
                cur = new IntList();
                cur.add(i);
            }
            if (!spec.wholeWord()) {
                cand.add(cur.toArray());
                cur = null;
            }
        }
        if (cur != null) {
            cand.add(cur.toArray());
        }
        int[][] groups = cand.toArray(new int[0][]);
        rng.shuffle(groups);
        int numToPredict = Math.min(spec.maxPredictions(), Math.max(1, (int) Math.round(len * spec.maskProb())));
        int masked = 0;
        for (int[] g : groups) {
            if (masked >= numToPredict) {
                break;
            }
            if (masked + g.length > numToPredict) {
                continue;
            }
            for (int i : g) {
                int original = ids[i];
                int replacement;
                if (rng.nextDouble() < 0.8) {
                    replacement = spec.maskId();
                } else if (rng.nextDouble() < 0.5) {
                    replacement = original;
                } else {
                    replacement = randomToken(rng);
                }
                labels[i] = original;
                ids[i] = replacement;
                masked++;
            }
        }
        return labels;
    }

    private int randomToken(Rng rng) {
        for (int t = 0; t < 16; t++) {
            int r = rng.nextInt(spec.vocabSize());
            if (!spec.special(r)) {
                return r;
            }
        }
        return rng.nextInt(spec.vocabSize());
    }

    /** Growable int list with O(1) removeFirst via an offset-free copy (lists are at most seq-len long). */
    static final class IntList {
        int[] data = new int[16];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(int[] v) {
            if (size + v.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + v.length));
            }
            System.arraycopy(v, 0, data, size, v.length);
            size += v.length;
        }

        void removeFirst() {
            System.arraycopy(data, 1, data, 0, size - 1);
            size--;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
