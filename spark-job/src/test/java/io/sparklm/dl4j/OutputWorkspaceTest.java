package io.sparklm.dl4j;

import io.sparklm.model.TinyModels;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.ModelConfig;
import io.sparklm.dl4j.OutputWorkspace;
import io.sparklm.batch.Batches;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputWorkspaceTest {
    private static final ModelConfig GPT = TinyModels.gpt(17, 8, 16, 1, 2, "float", 0.1).withData(17, 8, 0);

    private static MultiDataSet batch(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] ids = new int[rows][8];
        for (int[] r : ids) {
            for (int i = 0; i < r.length; i++) {
                r[i] = rnd.nextInt(17);
            }
        }
        return Batches.toMultiDataSet(ids, null, null, null, GPT, null, 1, 0);
    }

    private static INDArray[] apply(OutputWorkspace ws, ComputationGraph g, MultiDataSet mds, List<Long> addresses) {
        return ws.apply(g, mds.getFeatures(), mds.getFeaturesMaskArrays(), null, out -> {
            addresses.add(out[0].data().address());
            INDArray[] copies = new INDArray[out.length];
            for (int i = 0; i < out.length; i++) {
                copies[i] = out[i].detach();
            }
            return List.of(copies);
        }).toArray(new INDArray[0]);
    }

    @Test
    void outputsEqualDetachedOutputsAndReuseOneBuffer() {
        ComputationGraph g = TransformerModel.build(GPT, TinyModels.optim(1e-3, 0, 0));
        List<Long> addresses = new ArrayList<>();
        OutputWorkspace ws = new OutputWorkspace();
        // 4 rows twice (the first call measures), 6 (the workspace grows once), then 6 and 3 in the grown workspace
        int[] rows = {4, 4, 6, 6, 6, 3};
        for (int i = 0; i < rows.length; i++) {
            MultiDataSet mds = batch(rows[i], i);
            INDArray expected = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
            assertEquals(expected, apply(ws, g, mds, addresses)[0], "call " + i + ": ComputationGraph.output's values");
        }
        assertEquals(addresses.get(3), addresses.get(4), "a repeated batch shape reuses the same memory");
        assertEquals(addresses.get(4), addresses.get(5), "a smaller batch reuses the same memory");
        assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ws.id()));
        ws.close();
        assertFalse(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ws.id()), "close frees the workspace");
    }

    @Test
    void callbacksMustNotLeakWorkspaceArrays() {
        ComputationGraph g = TransformerModel.build(GPT, TinyModels.optim(1e-3, 0, 0));
        MultiDataSet mds = batch(2, 7);
        try (OutputWorkspace ws = new OutputWorkspace()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ws.apply(g, mds.getFeatures(), null, null, out -> out[0]));
            assertTrue(e.getMessage().contains("must not return an INDArray"), e.getMessage());
        }
    }
}
