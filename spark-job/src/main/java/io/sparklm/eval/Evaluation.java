package io.sparklm.eval;

import io.sparklm.batch.Batches;
import io.sparklm.dl4j.OutputWorkspace;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.LmHeadLayer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Iterator;

/**
 * Evaluates the LM output (output 0: softmax [B, T, V] from {@link io.sparklm.model.layers.LmHeadLayer}, or [B, V, T]
 * from a DL4J RnnOutputLayer) of a graph on batches from {@link Batches}: inference mode
 * (no dropout), every position with a label-mask entry > 0 (all positions without a mask) counts once. Loss per
 * token (nats) is computed here from the softmax output, independently of DL4J's score(), so it excludes the NSP
 * head and regularization; masked-token top-1 accuracy is measured for models with a {@code segments} input (bert).
 * Labels may be sparse [B, 1, T] class ids ({@link TransformerModel}) or one-hot [B, V, T]. Vectorized: one gather
 * and one argmax per batch, no per-element reads; the outputs go into one reused {@link OutputWorkspace}.
 */
public final class Evaluation {
    private Evaluation() {}

    /** The most output bytes one forward may produce: larger batches are evaluated a few rows at a time. */
    static final long OUTPUT_BYTES = 256L << 20;

    public static EvalResult evaluate(ComputationGraph g, Iterator<MultiDataSet> batches) {
        return evaluate(g, batches, OUTPUT_BYTES);
    }

    /** As {@link #evaluate(ComputationGraph, Iterator)}, forwarding at most {@code outputBytes} of output at once. */
    static EvalResult evaluate(ComputationGraph g, Iterator<MultiDataSet> batches, long outputBytes) {
        boolean mlm = isMlm(g);
        Totals totals = new Totals(mlm);
        int vocabAxis = vocabAxis(g);
        try (OutputWorkspace outputs = new OutputWorkspace()) {
            while (batches.hasNext()) {
                MultiDataSet all = batches.next();
                long b = all.getFeatures(0).size(0);
                long rows = Math.max(1, Math.min(b, outputBytes / Math.max(1, outputBytesPerRow(g, all))));
                for (long from = 0; from < b; from += rows) {
                    MultiDataSet mds = rows == b ? all : Batches.rows(all, from, Math.min(b, from + rows));
                    outputs.apply(g, mds.getFeatures(), mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays(),
                            out -> {
                                INDArray probs = out[0];
                                totals.add(vocabAxis == 2 ? probs : probs.permute(0, 2, 1), mds.getLabels(0),
                                        mds.getLabelsMaskArray(0));
                                return Boolean.TRUE;
                            });
                }
            }
        }
        return totals.result();
    }

    /** Bytes of the LM output of one example: {@code T * V} values of the graph's type. */
    private static long outputBytesPerRow(ComputationGraph g, MultiDataSet mds) {
        INDArray labels = mds.getLabels(0);
        long t = labels.size(2);
        long v = labels.size(1) > 1 ? labels.size(1)                      // one-hot [B, V, T]
                : TransformerModel.lmHeadProjection(g).size(1);          // sparse ids [B, 1, T]
        return t * v * g.params().dataType().width();
    }

    /** The vocabulary axis of output 0: 2 for an {@link LmHeadLayer} ([B, T, V]), else 1 (DL4J's [B, V, T]). */
    static int vocabAxis(ComputationGraph g) {
        String out = g.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex v = g.getConfiguration().getVertices().get(out);
        return v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof LmHeadLayer ? 2 : 1;
    }

    /** True for graphs with a {@link TransformerModel#SEGMENTS} input (bert): those report MLM accuracy. */
    public static boolean isMlm(ComputationGraph g) {
        return g.getConfiguration().getNetworkInputs().contains(TransformerModel.SEGMENTS);
    }

    /** Running sums over batches: negative log-likelihood (nats), counted positions, top-1 hits if wanted. */
    public static final class Totals {
        private final boolean accuracy;
        private double nll;
        private long tokens;
        private long correct;

        /** {@code accuracy}: also count top-1 hits (an argmax over the vocabulary per position). */
        public Totals(boolean accuracy) {
            this.accuracy = accuracy;
        }

        /**
         * Adds one batch. {@code probs} [B, T, V] softmax (any strides); {@code labels} [B, 1, T] ids or [B, V, T]
         * one-hot; {@code mask} [B, T] or null (every position counts).
         */
        public void add(INDArray probs, INDArray labels, INDArray mask) {
            if (probs.rank() != 3 || labels.rank() != 3) {
                throw new IllegalArgumentException("expected rank-3 LM output and labels, got "
                        + java.util.Arrays.toString(probs.shape()) + " / " + java.util.Arrays.toString(labels.shape()));
            }
            long b = probs.size(0);
            long t = probs.size(1);
            long v = probs.size(2);
            INDArray y = (labels.size(1) == 1 && v > 1 ? labels.reshape(b, t) : labels.argMax(1))
                    .castTo(DataType.INT64).reshape(b * t);                            // [B*T] target ids
            // flat index of probs[i, j, y[i,j]] in c order: (i*T + j)*V + y
            INDArray idx = Nd4j.arange(0, b * t).castTo(DataType.INT64).muli(v).addi(y);
            INDArray flat = (probs.ordering() == 'c' && !probs.isView() ? probs : probs.dup('c')).reshape(b * t * v);
            INDArray p = Nd4j.exec(new Gather(flat, idx, 0))[0].castTo(DataType.DOUBLE);   // [B*T]
            INDArray logp = Transforms.log(Transforms.max(p, 1e-45, false), false);
            INDArray hits = accuracy
                    ? probs.argMax(2).castTo(DataType.INT64).reshape(b * t).eq(y).castTo(DataType.DOUBLE) : null;
            if (mask == null) {
                nll -= logp.sumNumber().doubleValue();
                tokens += b * t;
                correct += hits == null ? 0 : Math.round(hits.sumNumber().doubleValue());
                return;
            }
            INDArray m = mask.gt(0).castTo(DataType.DOUBLE).reshape(b * t);
            nll -= logp.muli(m).sumNumber().doubleValue();
            tokens += Math.round(m.sumNumber().doubleValue());
            correct += hits == null ? 0 : Math.round(hits.muli(m).sumNumber().doubleValue());
        }

        /** Mean loss per token, perplexity, accuracy (NaN unless counted) and token count. */
        public EvalResult result() {
            double loss = tokens == 0 ? Double.NaN : nll / tokens;
            return new EvalResult(loss, Math.exp(loss), accuracy && tokens > 0 ? (double) correct / tokens
                    : Double.NaN, tokens);
        }
    }
}
