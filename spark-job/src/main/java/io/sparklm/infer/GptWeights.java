package io.sparklm.infer;

import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.AttentionLayer;
import io.sparklm.model.layers.LayerNormLayer;
import io.sparklm.model.layers.MlpLayer;
import io.sparklm.model.layers.PositionLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A GPT graph's trained parameters as float arrays for {@link KvForward}, copied out of the vertices of
 * {@link TransformerModel}'s layout: {@code tokEmb} (table {@code W}; a DL4J layer's activation applied to it),
 * {@code pos} (learned table or the sinusoid), per block {@code attn{i}} and {@code mlp{i}}, {@code lnf}, and the LM
 * head through {@link TransformerModel#lmHeadProjection} / {@link TransformerModel#lmHeadBias}. Weight matrices are
 * {@link PackedMatrix}es; row vectors ({@code [1, n]} params) plain arrays. Float, pre-LN graphs only (others are
 * refused with the reason).
 */
final class GptWeights {
    private static final String FINAL_NORM = "lnf";
    /** One pre-LN block: attention then MLP parameters. */
    record Block(float[] ln1G, float[] ln1B, float ln1Eps, PackedMatrix wqkv, float[] bqkv, PackedMatrix wo,
                 float[] bo, float[] ln2G, float[] ln2B, float ln2Eps, PackedMatrix w1, float[] b1, PackedMatrix w2,
                 float[] b2) {}

    final int vocab;
    final int dModel;
    final int heads;
    final int seqLen;
    /** {@code [vocab, dModel]} row-major: the embedding layer's output per id. */
    final float[] tokens;
    /** {@code [seqLen, dModel]} row-major. */
    final float[] positions;
    final Block[] blocks;
    final float[] lnfG;
    final float[] lnfB;
    final float lnfEps;
    final PackedMatrix head;
    /** {@code [vocab]}, or null when the head has no bias. */
    final float[] headBias;

    private GptWeights(ComputationGraph g) {
        if (g.params().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("generation with a KV cache supports float checkpoints only; this one"
                    + " has " + g.params().dataType() + " parameters (dtype = double is meant for gradient checks)");
        }
        AttentionLayer attn0 = (AttentionLayer) conf(g, "attn0");
        this.dModel = attn0.getModelDim();
        this.heads = attn0.getNumHeads();
        this.seqLen = attn0.getSeqLength();
        INDArray emb = g.getLayer("tokEmb").getParam("W");
        this.vocab = (int) emb.size(0);
        this.tokens = floats(conf(g, "tokEmb") instanceof BaseLayer bl
                ? bl.getActivationFn().getActivation(emb.dup(), false) : emb);
        PositionLayer pos = (PositionLayer) conf(g, "pos");
        this.positions = pos.isLearned() ? floats(g.getLayer("pos").getParam("pos"))
                : floats(Nd4j.create(PositionLayer.sinusoid(seqLen, dModel)).castTo(DataType.FLOAT));
        int layers = 0;
        while (g.getConfiguration().getVertices().containsKey("attn" + layers)) {
            layers++;
        }
        this.blocks = new Block[layers];
        for (int i = 0; i < layers; i++) {
            blocks[i] = block(g, i);
        }
        if (!FINAL_NORM.equals(TransformerModel.lmHeadInput(g))) {
            throw new IllegalArgumentException("generation with a KV cache expects the LM head on the final LayerNorm '"
                    + FINAL_NORM + "', this graph feeds it from '" + TransformerModel.lmHeadInput(g) + "'");
        }
        Map<String, INDArray> lnf = g.getLayer(FINAL_NORM).paramTable();
        this.lnfG = floats(lnf.get("lnG"));
        this.lnfB = floats(lnf.get("lnB"));
        this.lnfEps = (float) ((LayerNormLayer) conf(g, FINAL_NORM)).getLayerNormEps();
        this.head = matrix(TransformerModel.lmHeadProjection(g));
        INDArray bias = TransformerModel.lmHeadBias(g);
        this.headBias = bias == null ? null : floats(bias);
        if (head.rows() != dModel || head.columns() != vocab) {
            throw new IllegalArgumentException("LM head projection is " + head.rows() + " x " + head.columns()
                    + ", expected " + dModel + " x " + vocab);
        }
    }

    /** The weights of a float GPT graph; IllegalArgumentException for a double one. */
    static GptWeights of(ComputationGraph g) {
        return new GptWeights(g);
    }

    int layers() { return blocks.length; }
    int headDim() { return dModel / heads; }
    int ffDim() { return blocks[0].w1().columns(); }

    private static Block block(ComputationGraph g, int i) {
        Map<String, INDArray> a = g.getLayer("attn" + i).paramTable();
        Map<String, INDArray> m = g.getLayer("mlp" + i).paramTable();
        AttentionLayer attn = (AttentionLayer) conf(g, "attn" + i);
        MlpLayer mlp = (MlpLayer) conf(g, "mlp" + i);
        if (!attn.isPreNorm() || !mlp.isPreNorm()) {
            throw new IllegalArgumentException("generation with a KV cache supports pre-LN GPT checkpoints"
                    + " (norm = pre); block " + i + " of this one is post-LN");
        }
        float attnEps = (float) attn.getLayerNormEps();
        float mlpEps = (float) mlp.getLayerNormEps();
        return new Block(floats(a.get("lnG")), floats(a.get("lnB")), attnEps, matrix(a.get("Wqkv")),
                floats(a.get("bqkv")), matrix(a.get("Wo")), floats(a.get("bo")), floats(m.get("lnG")),
                floats(m.get("lnB")), mlpEps, matrix(m.get("W1")), floats(m.get("b1")), matrix(m.get("W2")),
                floats(m.get("b2")));
    }

    private static Object conf(ComputationGraph g, String vertex) {
        return ((LayerVertex) g.getConfiguration().getVertices().get(vertex)).getLayerConf().getLayer();
    }

    private static PackedMatrix matrix(INDArray w) {
        return new PackedMatrix(floats(w), (int) w.size(0), (int) w.size(1));
    }

    /** The elements of {@code a} in row-major order (a copy; {@code a} may be a view). */
    private static float[] floats(INDArray a) {
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
        c.assign(a);
        return c.data().asFloat();
    }
}
