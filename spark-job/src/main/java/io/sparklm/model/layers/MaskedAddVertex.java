package io.sparklm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise sum of its inputs (residual connections, token + segment embeddings) that passes the first
 * input's mask through unchanged. DL4J's own Add vertex ORs several masks into a new array of ND4J's default float
 * type every forward (float in a double network, where the layers downstream need the network's type); all inputs
 * here carry the same mask.
 */
public class MaskedAddVertex extends ElementWiseVertex {
    public MaskedAddVertex() {
        super(Op.Add);
    }

    @Override
    public MaskedAddVertex clone() {
        return new MaskedAddVertex();
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType dataType) {
        return new Impl(graph, name, idx, dataType);
    }

    /** The runtime vertex: DL4J's Add with first-mask propagation. */
    static final class Impl extends org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex {
        Impl(ComputationGraph graph, String name, int idx, DataType dataType) {
            super(graph, name, idx, null, null,
                    org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex.Op.Add, dataType);
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatch) {
            if (masks != null) {
                for (INDArray m : masks) {
                    if (m != null) {
                        return new Pair<>(m, state);
                    }
                }
            }
            return new Pair<>(null, state);
        }
    }
}
