package io.sparklm.train.engine;

import io.sparklm.batch.BlockPlan;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SharedWorkerIteration} puts a fitting graph at the Spark call's start step before each update and counts on
 * per minibatch, whatever count the graph had (a gradient-sharing worker's stays 0).
 */
class SharedWorkerIterationTest {
    @Test
    void eachUpdateRunsAtTheCallsStartStepPlusTheMinibatchesBefore() {
        ConfigMap keys = ConfigMap.of(TrainLossTest.keys(0.1));
        ComputationGraph g = TransformerModel.build(ModelConfig.from(keys, 64, 16, -1), OptimConfig.from(keys));
        BlockPlan plan = new BlockPlan(List.of(new BlockPlan.Shard("mem://shard-0", 64)), 2, 9);
        MultiDataSet mds = new TrainLossTest.Loader().load(List.of(plan.block(0)), 0);
        List<Integer> seen = new java.util.ArrayList<>();
        g.setListeners(new SharedWorkerIteration(7), new org.deeplearning4j.optimize.api.BaseTrainingListener() {
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
}
