package io.sparklm.infer;

import io.sparklm.model.kernels.VectorMath;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The GPT forward of {@code TransformerModel} for new positions of one context window, with the keys and values of
 * the earlier positions taken from a {@link KvCache} instead of recomputed: float math on Java arrays
 * ({@link PackedMatrix}, {@link DecodeMath}) over the graph's trained parameters ({@link GptWeights}), the same
 * formulas as the graph's runtimes (pre-LN blocks, LN eps from each layer, scores scaled by {@code 1/sqrt(headDim)},
 * causal softmax, tanh GELU, final LN, LM head, softmax), so its distributions equal the graph's output to float
 * rounding. The cost of a new position is one row through every weight matrix plus attention over the cached
 * positions, instead of a whole window. Stateless and thread-safe; the state is the cache.
 */
final class KvForward {
    /** Score-row multiply-adds (queries x keys x headDim) above which attention heads run in parallel. */
    private static final long PARALLEL_ATTENTION = 1L << 18;
    private final GptWeights w;

    private KvForward(GptWeights w) {
        this.w = w;
    }

    /**
     * The forward of a float GPT graph; IllegalArgumentException for a double graph, IllegalStateException when the
     * JVM lacks module {@code jdk.incubator.vector} ({@code --add-modules=jdk.incubator.vector}, in conf/jvm.args).
     */
    static KvForward of(ComputationGraph graph) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("generation with a KV cache needs the JDK Vector API: run java with "
                    + "--add-modules=jdk.incubator.vector (conf/jvm.args has it)");
        }
        return new KvForward(GptWeights.of(graph));
    }

    int seqLen() { return w.seqLen; }
    int vocabSize() { return w.vocab; }

    /** An empty cache for one window of this model. */
    KvCache newCache() {
        return new KvCache(w.layers(), w.heads, w.headDim(), w.seqLen);
    }

    /**
     * Runs positions {@code [cache.length(), end)} of the window {@code ids} (position 0 first), appending their keys
     * and values to {@code cache}, and returns the next-token distribution after position {@code end - 1}.
     */
    double[] extend(KvCache cache, int[] ids, int end) {
        int from = cache.length();
        if (end <= from || end > w.seqLen) {
            throw new IllegalArgumentException("positions [" + from + ", " + end + ") outside the window of "
                    + w.seqLen);
        }
        int d = w.dModel;
        int m = end - from;
        float[] x = new float[m * d];
        for (int r = 0; r < m; r++) {
            int id = ids[from + r];
            if (id < 0 || id >= w.vocab) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + w.vocab);
            }
            System.arraycopy(w.tokens, id * d, x, r * d, d);
            DecodeMath.add(x, r * d, w.positions, (from + r) * d, d);
        }
        float[] y = new float[m * d];
        for (int l = 0; l < w.layers(); l++) {
            GptWeights.Block b = w.blocks[l];
            layerNorm(x, m, b.ln1G(), b.ln1B(), b.ln1Eps(), y);
            int ldq = b.wqkv().paddedColumns();
            float[] qkv = linear(b.wqkv(), y, d, m, b.bqkv());
            cache.put(l, from, qkv, m, ldq);
            attention(cache, l, from, m, qkv, ldq, y);                               // y = merged context
            residual(x, m, linear(b.wo(), y, d, m, b.bo()), b.wo().paddedColumns());
            layerNorm(x, m, b.ln2G(), b.ln2B(), b.ln2Eps(), y);
            int ff = b.w1().columns();
            int ldu = b.w1().paddedColumns();
            float[] u = linear(b.w1(), y, d, m, b.b1());
            for (int r = 0; r < m; r++) {
                DecodeMath.gelu(u, r * ldu, ff);
            }
            residual(x, m, linear(b.w2(), u, ldu, m, b.b2()), b.w2().paddedColumns());
        }
        cache.setLength(end);
        float[] last = new float[d];
        DecodeMath.layerNorm(x, (m - 1) * d, w.lnfG, w.lnfB, w.lnfEps, last, 0, d);
        float[] logits = new float[w.head.paddedColumns()];
        w.head.multiply(last, d, 1, logits, logits.length);
        if (w.headBias != null) {
            DecodeMath.add(logits, 0, w.headBias, 0, w.vocab);
        }
        VectorMath.softmax(logits, w.vocab, 1f);
        double[] p = new double[w.vocab];
        for (int v = 0; v < p.length; v++) {
            p[v] = logits[v];
        }
        return p;
    }

    private void layerNorm(float[] x, int m, float[] g, float[] b, float eps, float[] y) {
        int d = w.dModel;
        for (int r = 0; r < m; r++) {
            DecodeMath.layerNorm(x, r * d, g, b, eps, y, r * d, d);
        }
    }

    /** {@code in [m, ldi] · W + bias} as rows of {@code W.paddedColumns()}. */
    private static float[] linear(PackedMatrix wm, float[] in, int ldi, int m, float[] bias) {
        int ld = wm.paddedColumns();
        float[] out = new float[m * ld];
        wm.multiply(in, ldi, m, out, ld);
        for (int r = 0; r < m; r++) {
            DecodeMath.add(out, r * ld, bias, 0, bias.length);
        }
        return out;
    }

    /** {@code x [m, d] += branch [m, ld]} (the residual connection). */
    private void residual(float[] x, int m, float[] branch, int ld) {
        int d = w.dModel;
        for (int r = 0; r < m; r++) {
            DecodeMath.add(x, r * d, branch, r * ld, d);
        }
    }

    /** Causal attention of the m new rows' queries over the cached keys/values: merged context into {@code out}. */
    private void attention(KvCache cache, int layer, int from, int m, float[] qkv, int ldq, float[] out) {
        HeadAttention task = new HeadAttention(cache, layer, from, m, qkv, ldq, out);
        long work = (long) m * (from + m) * w.dModel;
        if (m > 1 && work >= PARALLEL_ATTENTION) {
            IntStream.range(0, w.heads).parallel().forEach(task);
        } else {
            for (int h = 0; h < w.heads; h++) {
                task.accept(h);
            }
        }
    }

    /** Attention of one head for every new row: {@code softmax(q K^T / sqrt(dh))} over positions up to the row's. */
    private final class HeadAttention implements IntConsumer {
        private final KvCache cache;
        private final int layer;
        private final int from;
        private final int m;
        private final float[] qkv;
        private final int ldq;
        private final float[] out;

        HeadAttention(KvCache cache, int layer, int from, int m, float[] qkv, int ldq, float[] out) {
            this.cache = cache;
            this.layer = layer;
            this.from = from;
            this.m = m;
            this.qkv = qkv;
            this.ldq = ldq;
            this.out = out;
        }

        @Override
        public void accept(int h) {
            int dh = w.headDim();
            int d = w.dModel;
            float scale = (float) (1.0 / Math.sqrt(dh));
            float[] keys = cache.keys(layer);
            float[] values = cache.values(layer);
            int base = cache.offset(h, 0);
            float[] scores = new float[from + m];
            for (int r = 0; r < m; r++) {
                int len = from + r + 1;
                int q = r * ldq + h * dh;
                for (int j = 0; j < len; j++) {
                    scores[j] = DecodeMath.dot(qkv, q, keys, base + j * dh, dh);
                }
                VectorMath.softmax(scores, len, scale);
                int o = r * d + h * dh;
                java.util.Arrays.fill(out, o, o + dh, 0f);
                for (int j = 0; j < len; j++) {
                    DecodeMath.axpy(scores[j], values, base + j * dh, out, o, dh);
                }
            }
        }
    }
}
