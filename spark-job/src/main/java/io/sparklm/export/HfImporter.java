package io.sparklm.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparklm.fs.HadoopFs;
import io.sparklm.model.ModelConfig;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a HuggingFace GPT2LMHeadModel / BertForMaskedLM / BertForPreTraining directory (config.json +
 * model.safetensors, as {@link HfExporter} writes or {@code save_pretrained} does) into a sparklm graph of the
 * same architecture, replacing every parameter. Strict like {@code from_pretrained} with nothing missing: the
 * config must describe this graph ({@link HfConfigCheck}) and the file must hold every tensor of its
 * {@link HfLayout} with the right shape; HF's tied copies and non-persistent buffers ({@code attn.bias},
 * {@code position_ids}) are ignored, names without the base-model prefix and legacy LayerNorm
 * {@code gamma}/{@code beta} are accepted as {@code from_pretrained} accepts them; any other tensor is refused.
 */
public final class HfImporter {
    private HfImporter() {}

    /** Overwrites the parameters of {@code g} from {@code dir}; returns the number of tensors read into it. */
    public static int load(FileSystem fs, Path dir, ComputationGraph g) throws IOException {
        ModelConfig m = GraphArchitecture.of(g);
        HfLayout layout = HfLayout.of(m);
        HfExporter.requireExactly(layout, g.paramTable());
        Path configPath = new Path(dir, HfExporter.CONFIG);
        if (!fs.exists(configPath)) {
            throw new IllegalArgumentException("no " + HfExporter.CONFIG + " in " + dir);
        }
        JsonNode config = Safetensors.JSON.readTree(HadoopFs.readString(fs, configPath));
        List<String> mismatches = HfConfigCheck.mismatches(config, m, layout);
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(dir + " is not this model: " + String.join("; ", mismatches));
        }
        Path weights = new Path(dir, HfExporter.WEIGHTS);
        SafetensorsReader.Contents file;
        try (FSDataInputStream in = fs.open(weights)) {
            file = SafetensorsReader.read(in, weights.toString());
        }
        Map<String, SafeTensor> byName = canonical(file.tensors(), layout);
        Set<String> missing = new TreeSet<>();
        for (HfParam p : layout.params()) {
            if (!byName.containsKey(p.hfName())) {
                missing.add(p.hfName());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(weights + " lacks " + missing.size() + " tensors of "
                    + layout.architecture() + ": " + missing);
        }
        for (HfParam p : layout.params()) {
            p.assignTo(g.getParam(p.dl4jName()), byName.get(p.hfName()));
        }
        return layout.params().size();
    }

    /** The file's tensors under the layout's names; refuses names the layout does not know. */
    static Map<String, SafeTensor> canonical(Map<String, SafeTensor> tensors, HfLayout layout) {
        Set<String> known = new TreeSet<>();
        layout.params().forEach(p -> known.add(p.hfName()));
        Map<String, SafeTensor> out = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (SafeTensor t : tensors.values()) {
            String name = t.name().replace("LayerNorm.gamma", "LayerNorm.weight")
                    .replace("LayerNorm.beta", "LayerNorm.bias");
            if (!known.contains(name) && known.contains(layout.prefix() + name)) {
                name = layout.prefix() + name;
            }
            if (known.contains(name)) {
                if (out.put(name, t) != null) {
                    throw new IllegalArgumentException("tensor " + name + " appears twice (with and without prefix)");
                }
            } else if (!layout.tied().contains(name) && !isBuffer(name)) {
                unknown.add(t.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknown.size() + " tensors are not part of " + layout.architecture()
                    + " as this model has it: " + unknown);
        }
        return out;
    }

    /** HF buffers some checkpoints carry (causal mask, position ids), never parameters. */
    private static boolean isBuffer(String name) {
        return name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias")
                || name.endsWith("embeddings.position_ids");
    }
}
