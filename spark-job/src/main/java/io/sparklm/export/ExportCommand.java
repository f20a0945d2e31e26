package io.sparklm.export;

import io.sparklm.cli.Command;
import io.sparklm.cli.ExitCodes;
import io.sparklm.config.ConfigException;
import io.sparklm.config.ConfigMap;
import io.sparklm.config.Key;
import io.sparklm.config.KeyGroup;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.infer.LoadedModel;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sparklm export-hf}: writes a checkpoint as a HuggingFace model directory ({@link HfExporter}):
 * GPT2LMHeadModel for gpt, BertForMaskedLM (BertForPreTraining with NSP) for bert. Prints one JSON line (output,
 * architecture, tensors, parameters, bytes, sha256 of model.safetensors) on stdout. An existing output or a model
 * HF cannot represent is refused naming the setting (exit 2).
 */
public final class ExportCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.export");
    static final Key<String> OUTPUT = Key.required("output", "DIR", "new directory for model.safetensors, "
            + "config.json, tokenizer.json and tokenizer_config.json (HuggingFace from_pretrained layout)");

    /** Parsed arguments. */
    record Args(String checkpoint, String output) {
        static Args from(ConfigMap c) {
            return new Args(LoadedModel.CHECKPOINT.get(c), OUTPUT.get(c));
        }
    }

    @Override
    public String name() {
        return "export-hf";
    }

    @Override
    public String summary() {
        return "write a checkpoint as a HuggingFace model directory (safetensors, config, tokenizer)";
    }

    @Override
    public List<KeyGroup> keys() {
        return List.of(KeyGroup.of("export", LoadedModel.CHECKPOINT, OUTPUT));
    }

    @Override
    public int run(ConfigMap c, PrintStream out, PrintStream err) throws Exception {
        try {
            export(Args.from(c), out);
        } catch (IllegalArgumentException e) { // a model or output the exporter refuses, named by it
            throw new ConfigException(e.getMessage());
        }
        return ExitCodes.OK;
    }

    private static void export(Args a, PrintStream out) throws Exception {
        Configuration conf = HadoopConf.fromSparkProperties();
        Path target = HadoopFs.resolve(a.output());
        if (HadoopFs.fs(target, conf).exists(target)) {
            throw new IllegalArgumentException("output " + target + " exists; remove it or choose another");
        }
        Path in = HadoopFs.resolve(a.checkpoint());
        FileSystem fs = HadoopFs.fs(in, conf);
        Path dir = CheckpointResolver.resolve(fs, in);
        ComputationGraph g = CheckpointReader.restoreForInference(fs, dir);
        Path tokPath = new Path(dir, CheckpointWriter.TOKENIZER);
        String tok = fs.exists(tokPath) ? HadoopFs.readString(fs, tokPath) : null;
        if (tok == null) {
            LOG.warn(dir + " has no tokenizer.json: exporting the model only");
        }
        LOG.info(dir + " -> " + target);
        HfExporter.Result r = HfExporter.export(g, tok, HadoopFs.fs(target, conf), target);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("output", r.dir().toString());
        line.put("checkpoint", dir.toString());
        line.put("architecture", r.architecture());
        line.put("tensors", r.tensors());
        line.put("parameters", r.parameters());
        line.put("bytes", r.bytes());
        line.put("sha256", r.sha256());
        out.println(Safetensors.JSON.writeValueAsString(line));
    }
}
