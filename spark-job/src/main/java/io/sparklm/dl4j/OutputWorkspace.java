package io.sparklm.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Inference forward passes whose outputs land in one ND4J workspace reused from call to call, instead of the fresh
 * detached arrays of {@code ComputationGraph.output}: for the LM head that is a {@code [B, T, V]} float array per
 * call (64 MB at B16/T128/V8000), whose first-touch page faults took ~20% of a d256 forward step on the benchmark
 * machine and which stays allocated off-heap until the JVM's next GC. The outputs are valid only inside
 * {@link #apply}'s callback (the next call overwrites them). One instance per thread (ND4J workspaces are
 * per-thread); {@link #close} on the same thread frees the memory.
 */
public final class OutputWorkspace implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)      // the first call measures, later calls reuse
            .policySpill(SpillPolicy.REALLOCATE)            // a larger batch grows the workspace once
            .build();

    private final String id = "sparklm-output-" + IDS.incrementAndGet();

    /**
     * Runs {@code g.output(false, features, featureMasks, labelMasks)} (inference mode) with the outputs in this
     * workspace and returns {@code use(outputs)}; arrays {@code use} creates are temporaries in the same workspace,
     * so what it returns must not be an INDArray.
     */
    public <T> T apply(ComputationGraph g, INDArray[] features, INDArray[] featureMasks, INDArray[] labelMasks,
                       Function<INDArray[], T> use) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id)) {
            T result = use.apply(g.output(false, features, featureMasks, labelMasks, ws));
            if (result instanceof INDArray) {
                throw new IllegalArgumentException("an OutputWorkspace callback must not return an INDArray");
            }
            return result;
        }
    }

    /** The ND4J workspace id (unique per instance). */
    String id() {
        return id;
    }

    /** Frees the workspace's memory (call on the thread that used it). */
    @Override
    public void close() {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id));
        }
    }
}
