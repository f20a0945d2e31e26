package io.sparklm.model.layers;

import io.sparklm.model.runtime.RowsRuntime;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Test support: a copy of a graph configuration whose blocks, LayerNorms and position layer run their SameDiff definitions through
 * DL4J ({@link SdTransformerLayer#sameDiffRuntime}, with the gradient correction) instead of the direct
 * {@link RowsRuntime}s: the reference the direct runtimes are compared with, and variant A of the
 * {@code InterleavedAB pair=blocks} benchmark.
 */
public final class ReferenceLayers {
    private ReferenceLayers() {}

    /** {@code conf} (modified in place and returned) with every Attention/Mlp/LayerNorm/Position layer on SameDiff. */
    public static ComputationGraphConfiguration onSameDiff(ComputationGraphConfiguration conf) {
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv) {
                Object l = lv.getLayerConf().getLayer();
                SdTransformerLayer ref = l instanceof AttentionLayer ? copy(l, new RefAttention())
                        : l instanceof MlpLayer ? copy(l, new RefMlp())
                        : l instanceof LayerNormLayer ? copy(l, new RefLayerNorm())
                        : l instanceof PositionLayer ? copy(l, new RefPosition()) : null;
                if (ref != null) {
                    lv.getLayerConf().setLayer(ref);
                }
            }
        });
        return conf;
    }

    /** Copies every instance field of {@code from}'s class hierarchy into {@code to} (a subclass of it). */
    private static <T> T copy(Object from, T to) {
        try {
            for (Class<?> c = from.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(to, f.get(from));
                    }
                }
            }
            return to;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class RefAttention extends AttentionLayer {
        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration c,
                                                                                 DataType t) {
            return sameDiffRuntime(c, t);
        }
    }

    static final class RefMlp extends MlpLayer {
        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration c,
                                                                                 DataType t) {
            return sameDiffRuntime(c, t);
        }
    }

    static final class RefLayerNorm extends LayerNormLayer {
        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration c,
                                                                                 DataType t) {
            return sameDiffRuntime(c, t);
        }
    }

    static final class RefPosition extends PositionLayer {
        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer newRuntime(NeuralNetConfiguration c,
                                                                                 DataType t) {
            return sameDiffRuntime(c, t);
        }
    }
}
