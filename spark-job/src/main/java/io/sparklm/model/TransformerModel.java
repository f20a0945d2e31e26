package io.sparklm.model;

import io.sparklm.optim.GlobalNormClipping;
import io.sparklm.optim.WarmupDecaySchedule;
import io.sparklm.optim.OptimConfig;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.model.layers.AttentionLayer;
import io.sparklm.model.layers.HeadTransformLayer;
import io.sparklm.model.layers.TokenEmbeddingLayer;
import io.sparklm.model.layers.ClsPoolLayer;
import io.sparklm.model.layers.LayerNormLayer;
import io.sparklm.model.layers.LmHeadLayer;
import io.sparklm.model.layers.MaskedAddVertex;
import io.sparklm.model.layers.MlpLayer;
import io.sparklm.model.layers.PositionLayer;
import io.sparklm.model.layers.SdTransformerLayer;
import io.sparklm.model.layers.SequenceDropoutLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the DL4J ComputationGraph of a GPT or BERT model from {@link ModelConfig} + {@link OptimConfig}.
 * Inputs: {@code tokens} [B, T] ids (and {@code segments} [B, T] 0/1 for bert), feature mask [B, T].
 * Outputs: {@code lm} softmax [B, T, V] ({@link LmHeadLayer}) with sparse labels [B, 1, T] and label mask [B, T];
 * bert+nsp also {@code nsp} softmax [B, 2] with sparse labels [B, 1]. GPT-2 layout (norm=pre): token + position
 * embeddings, blocks x += drop(attn(LN x)); x += drop(mlp(LN x)), a final LN, the head tied to the token embedding
 * without bias. BERT layout (norm=post): token + segment + position embeddings, LN; blocks x = LN(x + drop(attn x));
 * x = LN(x + drop(mlp x)); the masked-LM head transform (dense, GELU, LN) and a decoder tied to the token embedding
 * with a bias; the NSP pooler reads the last block. Parameters are initialised N(0, initStd^2) from {@code seed},
 * residual projections with initStd/sqrt(2L).
 */
public final class TransformerModel {
    public static final String TOKENS = "tokens";
    public static final String SEGMENTS = "segments";
    public static final String LM = "lm";
    public static final String NSP = "nsp";

    private TransformerModel() {}

    /**
     * An initialised graph; AdamW via Adam + decoupled {@link WeightDecay}, lr from {@link WarmupDecaySchedule},
     * and the {@link #trainingListeners} (global-norm clipping) attached.
     */
    public static ComputationGraph build(ModelConfig m, OptimConfig o) {
        ComputationGraph g = new ComputationGraph(configuration(m, o));
        g.init();
        attachTrainingListeners(g, o);
        return g;
    }

    /**
     * Listeners the optimizer settings need on every copy of the model that trains: {@link GlobalNormClipping}
     * when {@code gradClip > 0}. DL4J does not serialize listeners: call {@link #attachTrainingListeners} after
     * a checkpoint restore ({@code CheckpointReader} attaches them), and give these to Spark training masters for workers.
     */
    public static java.util.List<org.deeplearning4j.optimize.api.TrainingListener> trainingListeners(OptimConfig o) {
        return o.gradClip() > 0 ? java.util.List.of(new GlobalNormClipping(o.gradClip())) : java.util.List.of();
    }

    /** Adds {@link #trainingListeners} to {@code g} unless a {@link GlobalNormClipping} is already attached. */
    public static void attachTrainingListeners(ComputationGraph g, OptimConfig o) {
        boolean has = g.getListeners() != null
                && g.getListeners().stream().anyMatch(l -> l instanceof GlobalNormClipping);
        if (!has) {
            trainingListeners(o).forEach(g::addListeners);
        }
    }

    /** The graph configuration (see the class comment). */
    public static ComputationGraphConfiguration configuration(ModelConfig m, OptimConfig o) {
        double std = m.initStd();
        List<Regularization> decay = weightDecay(o);
        ComputationGraphConfiguration.GraphBuilder b = graphBuilder(m, adam(o, o.lrSchedule()));
        String hidden = addBody(b, m, decay);
        String prev = hidden;
        boolean gpt = m.isGpt();
        int d = m.dModel();
        int t = m.seqLen();
        if (!gpt) {
            b.addLayer("mlmTransform", prep(new HeadTransformLayer(d, t, std, m.layerNormEps()), decay, m), hidden);
            prev = "mlmTransform";
        }
        LmHeadLayer head = new LmHeadLayer(d, t, m.vocabSize(), std, m.tieEmbeddings(), !gpt);
        head.setRegularization(new ArrayList<>(decay));
        head.setRegularizationBias(new ArrayList<>());
        b.addLayer(LM, head, prev);
        if (m.nsp()) {
            b.addLayer("pool", prep(new ClsPoolLayer(d, t, std), decay, m), hidden);
            b.addLayer(NSP, new OutputLayer.Builder(new LossSparseMCXENT()).activation(Activation.SOFTMAX)
                    .nIn(d).nOut(2).weightInit(new NormalDistribution(0, std)).biasInit(0)
                    .regularization(decay).build(), "pool");
            b.setOutputs(LM, NSP);
        } else {
            b.setOutputs(LM);
        }
        return b.build();
    }

    /** Decoupled weight decay of {@code o} (scaled by the current lr), or none when its rate is 0. */
    public static List<Regularization> weightDecay(OptimConfig o) {
        return o.weightDecay() > 0 ? List.of(new WeightDecay(o.weightDecay(), true)) : new ArrayList<>();
    }

    /** Adam with the betas and epsilon of {@code o} on the learning-rate schedule {@code lr}. */
    public static Adam adam(OptimConfig o, org.nd4j.linalg.schedule.ISchedule lr) {
        return Adam.builder().learningRateSchedule(lr).beta1(o.beta1()).beta2(o.beta2()).epsilon(o.eps()).build();
    }

    /**
     * A graph builder with the model's seed, data type, workspaces and default {@code updater}, and its inputs
     * ({@link #TOKENS}, plus {@link #SEGMENTS} for bert).
     */
    public static ComputationGraphConfiguration.GraphBuilder graphBuilder(ModelConfig m,
                                                                         org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(m.seed())
                .dataType(m.dtype().equals("double") ? DataType.DOUBLE : DataType.FLOAT)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder();
        if (m.isGpt()) {
            b.addInputs(TOKENS);
        } else {
            b.addInputs(TOKENS, SEGMENTS);
        }
        return b;
    }

    /**
     * Adds the transformer body to {@code b} (embeddings, embedding LayerNorm and dropout, the blocks, GPT's final
     * LayerNorm) with {@code decay} on its matrices (and embeddings when {@code decay-embeddings}); returns the name
     * of the vertex with the final hidden states {@code [B, d, T]}. Vertex names are those of {@link #build}, so
     * parameters copy between a language model and any other head on the same body by name.
     */
    public static String addBody(ComputationGraphConfiguration.GraphBuilder b, ModelConfig m,
                                 List<Regularization> decay) {
        int d = m.dModel();
        int t = m.seqLen();
        double std = m.initStd();
        double residualStd = std / Math.sqrt(2.0 * m.nLayers());
        List<Regularization> embDecay = m.decayEmbeddings() ? decay : new ArrayList<>();
        boolean gpt = m.isGpt();
        boolean post = m.isPostNorm();
        TokenEmbeddingLayer tok = new TokenEmbeddingLayer(m.vocabSize(), d, t, std, m.tieEmbeddings());
        b.addLayer("tokEmb", prep(tok, embDecay, m), TOKENS);
        String prev = "tokEmb";
        if (!gpt) {
            b.addLayer("segEmb", new EmbeddingSequenceLayer.Builder().nIn(2).nOut(d).inputLength(t)
                    .hasBias(false).weightInit(new NormalDistribution(0, std)).regularization(embDecay).build(),
                    SEGMENTS);
            b.addVertex("emb", new MaskedAddVertex(), "tokEmb", "segEmb");
            prev = "emb";
        }
        PositionLayer pos = new PositionLayer(d, t, m.positional().equals("learned"), std);
        b.addLayer("pos", prep(pos, embDecay, m), prev);
        prev = "pos";
        if (post) {
            b.addLayer("embLn", prep(new LayerNormLayer(d, t), decay, m), prev);
            prev = "embLn";
        }
        prev = dropout(b, m, prev, "posDrop");
        for (int i = 0; i < m.nLayers(); i++) {
            AttentionLayer attn = new AttentionLayer(d, m.nHeads(), t, gpt, !gpt, std, residualStd);
            attn.setPreNorm(!post);
            b.addLayer("attn" + i, prep(attn, decay, m), prev);
            prev = residual(b, m, prev, "attn" + i, "attnDrop" + i, "res" + i + "a", "ln" + i + "a");
            MlpLayer mlp = new MlpLayer(d, m.dFf(), t, std, residualStd);
            mlp.setPreNorm(!post);
            b.addLayer("mlp" + i, prep(mlp, decay, m), prev);
            prev = residual(b, m, prev, "mlp" + i, "mlpDrop" + i, "res" + i + "b", "ln" + i + "b");
        }
        if (!post) {
            b.addLayer("lnf", prep(new LayerNormLayer(d, t), decay, m), prev);
            prev = "lnf";
        }
        return prev;
    }

    /**
     * The LM head's output projection {@code [d, V]} of {@code g} (logits = rows {@code [N, d]} times it): the head's
     * own weight, or a transposed view of the token embedding when the two are tied. Read-only for callers.
     */
    public static org.nd4j.linalg.api.ndarray.INDArray lmHeadProjection(ComputationGraph g) {
        if (g.getLayer(LM).paramTable().containsKey("W")) {
            return g.getLayer(LM).getParam("W");
        }
        return g.getLayer("tokEmb").getParam("W").transpose();
    }

    /** The vertex whose output the LM head reads (the final hidden states, or BERT's head transform). */
    public static String lmHeadInput(ComputationGraph g) {
        return g.getConfiguration().getVertexInputs().get(LM).get(0);
    }

    /** The LM head's output bias {@code [1, V]}, or null when the head has none. */
    public static org.nd4j.linalg.api.ndarray.INDArray lmHeadBias(ComputationGraph g) {
        return g.getLayer(LM).paramTable().get("b");
    }

    /** {@code l} with {@code weightReg} on its weights, none on its biases, and the model's LayerNorm epsilon. */
    public static SdTransformerLayer prep(SdTransformerLayer l, List<Regularization> weightReg, ModelConfig m) {
        l.setRegularization(new ArrayList<>(weightReg));
        l.setRegularizationBias(new ArrayList<>());
        l.setLayerNormEps(m.layerNormEps());
        return l;
    }

    /**
     * {@code from + drop(branch)} as vertex {@code sum}, then (post-LN) LayerNorm {@code ln} of it; returns the name
     * to continue from.
     */
    private static String residual(ComputationGraphConfiguration.GraphBuilder b, ModelConfig m, String from,
                                   String branch, String dropName, String sum, String ln) {
        b.addVertex(sum, new MaskedAddVertex(), from, dropout(b, m, branch, dropName));
        if (!m.isPostNorm()) {
            return sum;
        }
        b.addLayer(ln, prep(new LayerNormLayer(m.dModel(), m.seqLen()), new ArrayList<>(), m), sum);
        return ln;
    }

    /**
     * Adds a {@link SequenceDropoutLayer} with a {@link KeyedDropout} (retain 1 - dropout, mask keyed by seed, layer name, iteration
     * and batch) after {@code from} when dropout > 0 and returns the name to continue from.
     */
    private static String dropout(ComputationGraphConfiguration.GraphBuilder b, ModelConfig m, String from, String name) {
        if (m.dropout() <= 0) {
            return from;
        }
        b.addLayer(name, new SequenceDropoutLayer(new KeyedDropout(1.0 - m.dropout(), m.seed(), name), m.dModel()),
                from);
        return name;
    }
}
