package io.sparklm.export;

import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.model.layers.AttentionLayer;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.model.layers.PositionLayer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Map;

/**
 * The architecture a built {@link TransformerModel} graph computes, read from the graph itself (layer
 * configurations and parameter shapes), not from a config file: what an export must reproduce. Settings that do
 * not change the forward pass and are not in the graph (pad id, weight decay of embeddings, loss within
 * documents) take neutral values.
 */
public final class GraphArchitecture {
    private GraphArchitecture() {}

    /** The {@link ModelConfig} whose {@link TransformerModel#build} has the architecture of {@code g}. */
    public static ModelConfig of(ComputationGraph g) {
        Map<String, GraphVertex> vertices = g.getConfiguration().getVertices();
        AttentionLayer attn = (AttentionLayer) layer(vertices, "attn0");
        PositionLayer pos = (PositionLayer) layer(vertices, "pos");
        int layers = 0;
        while (vertices.containsKey("attn" + layers)) {
            layers++;
        }
        long[] emb = g.getParam("tokEmb_W").shape();
        long[] w1 = g.getParam("mlp0_W1").shape();
        double dropout = 0;
        if (vertices.containsKey("posDrop") && layer(vertices, "posDrop").getIDropout() instanceof KeyedDropout kd) {
            dropout = new java.math.BigDecimal(1.0 - kd.getRetain()).round(new java.math.MathContext(12)).doubleValue();
        }
        boolean tied = !g.paramTable().containsKey(TransformerModel.LM + "_W");
        return new ModelConfig(attn.isCausal() ? "gpt" : "bert", (int) emb[0], attn.getSeqLength(), (int) emb[1],
                layers, attn.getNumHeads(), (int) w1[1], dropout, pos.isLearned() ? "learned" : "sinusoidal",
                vertices.containsKey(TransformerModel.NSP), g.getConfiguration().getDefaultConfiguration().getSeed(),
                -1, attn.getInitStd(), false, g.params().dataType() == DataType.DOUBLE ? "double" : "float", false,
                attn.isPreNorm() ? "pre" : "post", tied, attn.getLayerNormEps());
    }

    private static Layer layer(Map<String, GraphVertex> vertices, String name) {
        if (!(vertices.get(name) instanceof LayerVertex lv)) {
            throw new IllegalArgumentException("not a sparklm transformer graph: no layer '" + name + "'");
        }
        return lv.getLayerConf().getLayer();
    }
}
