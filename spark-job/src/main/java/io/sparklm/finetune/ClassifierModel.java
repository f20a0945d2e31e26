package io.sparklm.finetune;

import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.ClsPoolLayer;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.model.layers.SdTransformerLayer;
import io.sparklm.model.layers.SequencePoolLayer;
import io.sparklm.optim.OptimConfig;
import io.sparklm.optim.ScaledSchedule;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence classifier on a {@link TransformerModel} body: the body's final hidden states {@code [B, d, T]}, a
 * pooling layer to {@code [B, d]} ({@link SequencePoolLayer} "last"/"mean" as vertex {@value #SEQ_POOL}, or bert's
 * tanh {@link ClsPoolLayer} on position 0 as vertex {@value #POOL}, the name of the NSP pooler so a pre-trained one
 * is reused), keyed dropout, and a softmax output layer {@value #OUT} over the labels with (optionally weighted)
 * cross-entropy. Inputs as the body's; labels one-hot {@code [B, C]} with a label mask {@code [B, 1]}. The body
 * trains with Adam on the run's schedule (NoOp and no weight decay when frozen), the head with Adam on the same
 * schedule times {@code lrFactor} ({@link ScaledSchedule}).
 */
public final class ClassifierModel {
    public static final String POOL = "pool";
    public static final String SEQ_POOL = "seqPool";
    public static final String OUT = "cls";

    private ClassifierModel() {}

    /** An initialised classifier (random head and body; copy a pre-trained body in with {@link BodyTransfer}). */
    public static ComputationGraph build(ModelConfig body, ClassifierHead head, OptimConfig o) {
        ComputationGraph g = new ComputationGraph(configuration(body, head, o));
        g.init();
        TransformerModel.attachTrainingListeners(g, o);
        return g;
    }

    /** The graph configuration (see the class comment). */
    public static ComputationGraphConfiguration configuration(ModelConfig body, ClassifierHead h, OptimConfig o) {
        if (h.pooling().equals("cls") && body.isGpt()) {
            throw new io.sparklm.config.ConfigException("config key 'pooling': cls needs a bert checkpoint (a causal"
                    + " model's first position sees only itself); use last or mean");
        }
        List<Regularization> decay = TransformerModel.weightDecay(o);
        IUpdater bodyUpdater = h.freezeBody() ? new NoOp() : TransformerModel.adam(o, o.lrSchedule());
        ComputationGraphConfiguration.GraphBuilder b = TransformerModel.graphBuilder(body, bodyUpdater);
        String hidden = TransformerModel.addBody(b, body, h.freezeBody() ? new ArrayList<>() : decay);
        Adam headAdam = TransformerModel.adam(o, new ScaledSchedule(o.lrSchedule(), h.lrFactor()));
        int d = body.dModel();
        SdTransformerLayer pool;
        String pooled;
        if (h.pooling().equals("cls")) {
            pool = new ClsPoolLayer(d, body.seqLen(), body.initStd());
            pooled = POOL;
        } else {
            pool = new SequencePoolLayer(d, body.seqLen(), h.pooling());
            pooled = SEQ_POOL;
        }
        TransformerModel.prep(pool, decay, body);
        pool.setUpdater(headAdam);
        pool.setStopInputGradient(h.freezeBody());
        b.addLayer(pooled, pool, hidden);
        OutputLayer out = new OutputLayer.Builder(loss(h.classWeights())).activation(Activation.SOFTMAX)
                .nIn(d).nOut(h.numLabels()).weightInit(new NormalDistribution(0, body.initStd())).biasInit(0)
                .build();
        out.setIUpdater(headAdam);
        out.setRegularization(new ArrayList<>(decay));
        out.setRegularizationBias(new ArrayList<>());
        if (h.dropout() > 0) {
            out.setIDropout(new KeyedDropout(1.0 - h.dropout(), body.seed(), OUT));
        }
        b.addLayer(OUT, out, pooled);
        b.setOutputs(OUT);
        return b.build();
    }

    private static LossMCXENT loss(double[] classWeights) {
        return classWeights == null ? new LossMCXENT()
                : new LossMCXENT(Nd4j.createFromArray(classWeights).reshape(1, classWeights.length));
    }

    /**
     * The body of a classifier over a pre-trained architecture: its shape and norms, windows of {@code maxLength}
     * tokens (at most the pre-trained length: learned positions are copied, not extended), body {@code dropout},
     * {@code seed} for the new parameters and dropout masks, the token embedding untied (no LM head to tie to).
     */
    public static ModelConfig body(ModelConfig pretrained, int maxLength, double dropout, long seed) {
        ModelConfig p = pretrained;
        return new ModelConfig(p.family(), p.vocabSize(), maxLength, p.dModel(), p.nLayers(), p.nHeads(), p.dFf(),
                dropout, p.positional(), false, seed, -1, p.initStd(), p.decayEmbeddings(), p.dtype(), false,
                p.norm(), false, p.layerNormEps());
    }
}
