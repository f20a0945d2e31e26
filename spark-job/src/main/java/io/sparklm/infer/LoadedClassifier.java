package io.sparklm.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.finetune.ClassBatches;
import io.sparklm.finetune.ClassifierModel;
import io.sparklm.finetune.Example;
import io.sparklm.finetune.ExampleEncoder;
import io.sparklm.finetune.LabelledText;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.layers.AttentionLayer;
import io.sparklm.tokenizer.SpecialTokens;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned classifier checkpoint ready for inference: the graph, its tokenizer, the label set from its
 * {@code config.json} ({@code labels}) and the encoding of training ({@link ExampleEncoder} at the graph's window
 * length). {@link #probabilities} runs inference-mode forwards over right-padded batches.
 */
public final class LoadedClassifier {
    private final ComputationGraph graph;
    private final List<String> labels;
    private final ExampleEncoder encoder;
    private final boolean gpt;
    private final int maxLength;
    private final int padId;

    LoadedClassifier(ComputationGraph graph, Tokenizer tokenizer, List<String> labels) {
        this.graph = graph;
        this.labels = List.copyOf(labels);
        AttentionLayer attn = (AttentionLayer) ((LayerVertex) graph.getConfiguration().getVertices().get("attn0"))
                .getLayerConf().getLayer();
        this.gpt = attn.isCausal();
        this.maxLength = attn.getSeqLength();
        this.encoder = new ExampleEncoder(tokenizer, gpt, maxLength);
        this.padId = SpecialTokens.of(tokenizer).pad();
    }

    /** Resolves {@code uri} (checkpoint dir or fine-tuning run output, any Hadoop file system) and loads it. */
    public static LoadedClassifier open(String uri) throws IOException {
        Path p = HadoopFs.resolve(uri);
        FileSystem fs = HadoopFs.fs(p, io.sparklm.fs.HadoopConf.fromSparkProperties());
        Path dir = CheckpointResolver.resolve(fs, p);
        ComputationGraph g = CheckpointReader.restoreForInference(fs, dir);
        JsonNode labels = new ObjectMapper().readTree(HadoopFs.readString(fs, new Path(dir, CheckpointWriter.CONFIG)))
                .get("labels");
        if (!g.getConfiguration().getNetworkOutputs().equals(List.of(ClassifierModel.OUT)) || labels == null
                || !labels.isArray()) {
            throw new io.sparklm.config.ConfigException("config key 'checkpoint': " + dir + " is not a classifier (no '"
                    + ClassifierModel.OUT + "' output or no labels in config.json): fine-tune one with sparklm finetune");
        }
        List<String> names = new ArrayList<>();
        labels.forEach(n -> names.add(n.asText()));
        Tokenizer tok = Tokenizer.fromJson(HadoopFs.readString(fs, new Path(dir, CheckpointWriter.TOKENIZER)));
        return new LoadedClassifier(g, tok, names);
    }

    /** Class probabilities {@code [texts][labels]} (labels of the texts are ignored), in batches of {@code batch}. */
    public double[][] probabilities(List<LabelledText> texts, int batch) {
        double[][] out = new double[texts.size()][];
        for (int from = 0; from < texts.size(); from += batch) {
            List<Example> ex = new ArrayList<>();
            for (LabelledText t : texts.subList(from, Math.min(texts.size(), from + batch))) {
                ex.add(encoder.encode(t.text(), t.pair(), -1).example());
            }
            MultiDataSet mds = ClassBatches.toMultiDataSet(ex, !gpt, maxLength, labels.size(), padId,
                    graph.params().dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? "double" : "float");
            double[][] p = graph.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0]
                    .toDoubleMatrix();
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    public List<String> labels() { return labels; }
    public int maxLength() { return maxLength; }
    public boolean isGpt() { return gpt; }
}
