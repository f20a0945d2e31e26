package io.sparklm.train.engine;

import io.sparklm.batch.BlockPlan;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import org.deeplearning4j.datasets.iterator.IteratorMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@link SharedWorkerIteration} puts a fitting graph at the Spark call's start step before each update and counts on
 * per minibatch, whatever count the graph had (a gradient-sharing worker's stays 0); the instance a worker's network
 * carries takes the newest call's step and driver parameters when a fit starts (DL4J keeps the first call's).
 */
class SharedWorkerIterationTest {
    @Test
    void eachUpdateRunsAtTheCallsStartStepPlusTheMinibatchesBefore() {
        ConfigMap keys = ConfigMap.of(TrainLossTest.keys(0.1));
        ComputationGraph g = TransformerModel.build(ModelConfig.from(keys, 64, 16, -1), OptimConfig.from(keys));
        BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Shard("mem://shard-0", 64)), 2, 9);
        MultiDataSet mds = new TrainLossTest.Loader().load(List.of(plan.block(0)), 0);
        List<Integer> seen = new java.util.ArrayList<>();
        g.setListeners(new SharedWorkerIteration(7, null), new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                seen.add(iteration);
            }
        });
        for (int i = 0; i < 3; i++) {
            g.fit(mds);
        }
        assertEquals(List.of(7, 8, 9), seen, "the iteration of each update");
        assertEquals(10, g.getIterationCount());
    }

    @Test
    void aFitStartsFromTheNewestCallsStepAndDriverParameters() throws Exception {
        ConfigMap keys = ConfigMap.of(TrainLossTest.keys(0.1));
        ComputationGraph g = TransformerModel.build(ModelConfig.from(keys, 64, 16, -1), OptimConfig.from(keys));
        ComputationGraph driver = TransformerModel.build(ModelConfig.from(keys, 64, 16, -1), OptimConfig.from(keys));
        driver.params().addi(0.25);
        float[] driverParams = driver.params().dup().data().asFloat();
        assertNotEquals(driver.params(), g.params());
        BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Shard("mem://shard-0", 64)), 2, 9);
        MultiDataSet mds = new TrainLossTest.Loader().load(List.of(plan.block(0)), 0);
        int batch = (int) mds.getFeatures(0).size(0);

        SharedWorkerIteration first = roundTrip(new SharedWorkerIteration(0, null));
        List<Integer> seen = new java.util.ArrayList<>();
        List<org.nd4j.linalg.api.ndarray.INDArray> paramsAtFirstUpdate = new java.util.ArrayList<>();
        g.setListeners(first, new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                if (paramsAtFirstUpdate.isEmpty()) {
                    paramsAtFirstUpdate.add(model.params().dup());
                }
            }

            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                seen.add(iteration);
            }
        });
        g.fit(new IteratorMultiDataSetIterator(List.of(mds).iterator(), batch));
        assertEquals(List.of(0), seen, "the first call counts from its own start");
        assertNotEquals(driver.params(), paramsAtFirstUpdate.get(0));

        // the next call's instance arrives on the executor; the network still carries the first call's
        roundTrip(new SharedWorkerIteration(40, () -> driverParams));
        paramsAtFirstUpdate.clear();
        g.fit(new IteratorMultiDataSetIterator(List.of(mds, mds).iterator(), batch));
        assertEquals(List.of(0, 40, 41), seen, "the newest call's step, counted on per minibatch");
        assertEquals(driver.params(), paramsAtFirstUpdate.get(0), "the first update of the call starts from the"
                + " driver's parameters");
        assertNotEquals(driver.params(), g.params(), "and trains on from them");
    }

    private static SharedWorkerIteration roundTrip(SharedWorkerIteration l) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(l);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (SharedWorkerIteration) in.readObject();
        }
    }
}
