package io.sparklm.infer;

import io.sparklm.fs.HadoopFs;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.AttentionLayer;
import io.sparklm.model.layers.LmHeadLayer;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.train.checkpoint.CheckpointResolver;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;

/**
 * A checkpoint ready for inference: the graph (graph.json, params.bin), its tokenizer (tokenizer.json) and the shape read from
 * the graph itself (family from the attention mask kind, window length, vocabulary). {@link #probabilities} runs
 * one inference forward over right-padded windows of exactly {@code seqLen} tokens.
 */
public final class LoadedModel {
    /** The key naming the checkpoint an inference command loads. */
    public static final io.sparklm.config.Key<String> CHECKPOINT = io.sparklm.config.Key.required("checkpoint", "URI",
            "a checkpoint directory (step-N) or a run output, whose latest complete checkpoint is used");

    private final ComputationGraph graph;
    private final Tokenizer tokenizer;
    private final boolean gpt;
    private final int seqLen;
    private final int vocabSize;
    private final Path dir;

    public LoadedModel(ComputationGraph graph, Tokenizer tokenizer, Path dir) {
        this.graph = graph;
        this.tokenizer = tokenizer;
        this.dir = dir;
        AttentionLayer attn = (AttentionLayer) ((LayerVertex) graph.getConfiguration().getVertices().get("attn0"))
                .getLayerConf().getLayer();
        this.gpt = attn.isCausal();
        this.seqLen = attn.getSeqLength();
        this.vocabSize = (int) TransformerModel.lmHeadProjection(graph).size(1);
    }

    /** Resolves {@code uri} (checkpoint dir or run output, any Hadoop file system) and loads it. */
    public static LoadedModel open(String uri) throws IOException {
        Path p = HadoopFs.resolve(uri);
        FileSystem fs = HadoopFs.fs(p, io.sparklm.fs.HadoopConf.fromSparkProperties());
        Path dir = CheckpointResolver.resolve(fs, p);
        ComputationGraph g = io.sparklm.train.checkpoint.CheckpointReader.restoreForInference(fs, dir);
        Tokenizer tok = Tokenizer.fromJson(HadoopFs.readString(fs, new Path(dir, "tokenizer.json")));
        return new LoadedModel(g, tok, dir);
    }

    /**
     * Softmax outputs {@code [B, T, V]} for B windows (each at most seqLen ids, right-padded with {@code padId});
     * segments all 0 and a padding mask for bert.
     */
    public INDArray probabilities(int[][] windows, int padId) {
        INDArray[][] in = inputs(windows, padId);
        return graph.output(false, in[0], in[1], null)[0];
    }

    /**
     * Next-token distributions {@code [B, V]} at the last id of each window (gpt): the forward stops at the LM head's
     * input and the LM head (the same W, b and softmax as the output layer) runs at those B positions only,
     * instead of at all seqLen positions. Equal to the matching columns of {@link #probabilities} up to float
     * rounding.
     */
    public INDArray nextTokenProbabilities(int[][] windows, int padId) {
        INDArray[][] in = inputs(windows, padId);
        INDArray h = graph.output(java.util.List.of(TransformerModel.lmHeadInput(graph)), false, in[0], in[1])[0];    // [B, d, T]
        INDArray rows = Nd4j.create(h.dataType(), windows.length, h.size(1));
        for (int i = 0; i < windows.length; i++) {
            rows.putRow(i, h.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(windows[i].length - 1)));
        }
        INDArray logits = rows.mmul(TransformerModel.lmHeadProjection(graph));
        INDArray bias = TransformerModel.lmHeadBias(graph);
        if (bias != null) {
            logits.addiRowVector(bias);
        }
        return Nd4j.getExecutioner().exec(new SoftMax(logits, logits))[0]; // as ActivationSoftmax does
    }

    /** Graph inputs and feature masks for right-padded windows. */
    private INDArray[][] inputs(int[][] windows, int padId) {
        int b = windows.length;
        float[][] ids = new float[b][seqLen];
        float[][] mask = new float[b][seqLen];
        for (int r = 0; r < b; r++) {
            if (windows[r].length > seqLen) {
                throw new IllegalArgumentException("window longer than seq-len " + seqLen);
            }
            java.util.Arrays.fill(ids[r], Math.max(padId, 0));
            for (int t = 0; t < windows[r].length; t++) {
                ids[r][t] = windows[r][t];
                mask[r][t] = 1f;
            }
        }
        var dt = graph.params().dataType();
        INDArray tokens = Nd4j.createFromArray(ids).castTo(dt);
        if (gpt) {
            return new INDArray[][] {{tokens}, null};
        }
        INDArray m = Nd4j.createFromArray(mask).castTo(dt);
        INDArray segs = Nd4j.zeros(dt, b, seqLen);
        return new INDArray[][] {{tokens, segs}, {m, m}};
    }

    public ComputationGraph graph() { return graph; }
    public Tokenizer tokenizer() { return tokenizer; }
    public boolean isGpt() { return gpt; }
    public int seqLen() { return seqLen; }
    public int vocabSize() { return vocabSize; }
    public Path dir() { return dir; }
}
