package io.sparklm.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * DL4J 1.0.0-M2(.1) behaviours that sparklm works around ({@link Dl4jWorkarounds}). Each test states the behaviour
 * as it is; when an upgrade changes it, the test fails and names the workaround to revisit.
 */
class Dl4jBehaviourGuardTest {
    /** Workaround: MaskedAddVertex passes the first mask through as is. */
    @Test
    void addVertexOrsTwoMasksIntoANewArrayOfTheDefaultFloatType() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("a", "b").addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .setOutputs("sum").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        GraphVertex sum = g.getVertex("sum");
        INDArray m = Nd4j.ones(DataType.DOUBLE, 2, 3);
        Pair<INDArray, MaskState> out = sum.feedForwardMaskArrays(new INDArray[] {m, m}, MaskState.Active, 2);
        // a double network's masks come out float (ND4J's default), a new array every forward
        assertEquals(Nd4j.defaultFloatingPointType(), out.getFirst().dataType());
        assertEquals(DataType.FLOAT, Nd4j.defaultFloatingPointType());
        org.junit.jupiter.api.Assertions.assertNotSame(m, out.getFirst());
    }

    /** Workaround: SequenceDropoutLayer hides a [B, T] mask from DL4J's DropoutLayer on [B, d, T] inputs. */
    @Test
    void dropoutLayerCannotApplyASequenceMaskInTraining() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("x").addLayer("drop", new DropoutLayer.Builder(0.5).build(), "x")
                .setOutputs("drop").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        org.deeplearning4j.nn.api.Layer drop = g.getLayer("drop");
        drop.setInput(Nd4j.rand(DataType.FLOAT, 2, 4, 3), LayerWorkspaceMgr.noWorkspaces());
        drop.setMaskArray(Nd4j.ones(DataType.FLOAT, 2, 3));
        assertThrows(RuntimeException.class, () -> drop.activate(true, LayerWorkspaceMgr.noWorkspaces()),
                "DL4J multiplies the mask in as a column vector: SequenceDropoutLayer needed");
    }

    /** Workaround: WorkerStepHook restores the iteration count of parameter-averaging workers. */
    @Test
    void aClonedGraphConfigurationStartsAtIterationZero() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("x").addLayer("drop", new DropoutLayer.Builder(0.5).build(), "x")
                .setOutputs("drop").build();
        conf.setIterationCount(42);
        assertEquals(0, conf.clone().getIterationCount(), "DL4J's clone drops the iteration count");
    }

    /** Workaround: TrainingMasters sets saveUpdater(true) explicitly. */
    @Test
    void parameterAveragingBuilderDoesNotSaveTheUpdaterByDefault() throws Exception {
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(2, 4).build();
        java.lang.reflect.Field f = ParameterAveragingTrainingMaster.class.getDeclaredField("saveUpdater");
        f.setAccessible(true);
        assertFalse((boolean) f.get(tm), "the builder's default is false despite its javadoc");
    }
}
