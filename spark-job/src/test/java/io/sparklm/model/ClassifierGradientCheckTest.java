package io.sparklm.model;

import io.sparklm.finetune.ClassBatches;
import io.sparklm.finetune.ClassifierHead;
import io.sparklm.finetune.ClassifierModel;
import io.sparklm.finetune.Example;
import io.sparklm.model.layers.KeyedDropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision finite-difference checks of the classifier heads over whole bodies: gpt with last-token and mean
 * pooling over right-padded examples, bert's [CLS] pooler with segments, class weights and keyed head dropout in
 * training mode; a frozen body gets no gradient while the head's stays exact.
 */
@ExtendWith(DoublePrecision.class)
class ClassifierGradientCheckTest {
    static final List<Example> EXAMPLES = List.of(new Example(new int[] {3, 4, 5, 6, 7}, 5, 2),
            new Example(new int[] {9, 2, 10}, 3, 0), new Example(new int[] {1, 8}, 1, 1),
            new Example(new int[] {4, 4, 6, 2}, 2, 2));

    static ComputationGraph classifier(ModelConfig body, ClassifierHead head) {
        return TinyModels.noOpGraph(ClassifierModel.configuration(body, head, TinyModels.optim(1e-3, 0, 0)), true);
    }

    static MultiDataSet batch(ModelConfig m) {
        return ClassBatches.toMultiDataSet(EXAMPLES, !m.isGpt(), m.seqLen(), 3, 0, "double");
    }

    @Test
    void gptLastTokenPooling() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 2, 2, "double", 0);
        ComputationGraph g = classifier(m, new ClassifierHead(3, "last", 0, 1, false, null));
        GradientCheckTest.assertGradientsMatch(g, batch(m));
    }

    @Test
    void lastTokenPoolingReadsOnlyTheLastRealPosition() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0);
        ComputationGraph g = classifier(m, new ClassifierHead(3, "last", 0, 1, false, null));
        MultiDataSet a = batch(m);
        INDArray before = g.output(false, a.getFeatures(), a.getFeaturesMaskArrays(), null)[0].dup();
        a.getFeatures(0).putScalar(1, 4, 7.0); // a padding position of example 1 (3 tokens)
        INDArray after = g.output(false, a.getFeatures(), a.getFeaturesMaskArrays(), null)[0];
        assertEquals(before, after, "padding after the last token changes nothing");
        a.getFeatures(0).putScalar(1, 0, 6.0); // a real token of example 1
        assertTrue(!before.getRow(1).equalsWithEps(g.output(false, a.getFeatures(), a.getFeaturesMaskArrays(),
                null)[0].getRow(1), 1e-12), "a real token changes the prediction");
    }

    @Test
    void gptMeanPoolingWithClassWeights() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0);
        ComputationGraph g = classifier(m, new ClassifierHead(3, "mean", 0, 1, false, new double[] {0.5, 2, 1}));
        GradientCheckTest.assertGradientsMatch(g, batch(m));
    }

    @Test
    void bertClsPoolerWithSegmentsAndKeyedHeadDropoutInTrainingMode() {
        ModelConfig m = TinyModels.bert(11, 5, 8, 1, 2, false, 0);
        ComputationGraph g = classifier(m, new ClassifierHead(3, "cls", 0.3, 1, false, null));
        MultiDataSet mds = batch(m);
        KeyedDropout.bind(g, mds);
        assertTrue(Math.abs(g.score(mds, true) - g.score(mds, false)) > 1e-9, "head dropout is active");
        GradientCheckTest.assertGradientsMatch(g, mds, true);
    }

    @Test
    void aFrozenBodyGetsNoGradientTheHeadAnExactOne() {
        ModelConfig m = TinyModels.gpt(11, 5, 8, 1, 2, "double", 0);
        ComputationGraph g = classifier(m, new ClassifierHead(3, "mean", 0, 1, true, null));
        MultiDataSet mds = batch(m);
        Map<String, GradCheck.Stat> stats = GradCheck.run(g, mds, 4, 1e-6);
        g.gradient().gradientForVariable().forEach((k, v) -> {
            boolean head = k.startsWith(ClassifierModel.OUT + "_");
            if (!head) {
                assertEquals(0.0, v.norm2Number().doubleValue(), 0.0, "body parameter " + k);
            } else {
                assertTrue(stats.get(k).maxRelError() < 1e-4, k + ": " + stats.get(k));
            }
        });
    }
}
