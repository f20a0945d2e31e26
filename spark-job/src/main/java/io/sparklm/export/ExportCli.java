package io.sparklm.export;

import io.sparklm.config.ConfigMap;
import io.sparklm.fs.HadoopConf;
import io.sparklm.fs.HadoopFs;
import io.sparklm.infer.CliShell;
import io.sparklm.train.checkpoint.CheckpointReader;
import io.sparklm.train.checkpoint.CheckpointResolver;
import io.sparklm.train.checkpoint.CheckpointWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ExportCli --checkpoint URI --output DIR}: writes a checkpoint (a checkpoint dir or a run output, whose
 * latest complete checkpoint is used) as a HuggingFace model directory ({@link HfExporter}): GPT2LMHeadModel for
 * gpt, BertForMaskedLM (BertForPreTraining with NSP) for bert. Prints one JSON line (output, architecture,
 * tensors, parameters, bytes, sha256 of model.safetensors) on stdout. Exit 0 ok, 1 runtime failure, 2 bad
 * arguments, an existing output, or a model HF cannot represent (the message names the setting).
 */
public final class ExportCli {
    static final String USAGE = String.join("\n",
            "usage: ExportCli --checkpoint URI --output DIR",
            "  --checkpoint URI   checkpoint directory (step-N) or run output (uses checkpoints/latest)",
            "  --output DIR       new directory for model.safetensors, config.json, tokenizer.json,",
            "                     tokenizer_config.json (HuggingFace from_pretrained layout); must not exist");

    private ExportCli() {}

    /** Parsed arguments. */
    record Args(String checkpoint, String output) {
        static Args from(ConfigMap c) {
            return new Args(c.requiredString("checkpoint"), c.requiredString("output"));
        }
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return CliShell.run("ExportCli", USAGE, argv, out, err, Args::from, ExportCli::export);
    }

    private static void export(Args a, PrintStream out, PrintStream err) throws Exception {
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
            err.println("[export] " + dir + " has no tokenizer.json: exporting the model only");
        }
        err.println("[export] " + dir + " -> " + target);
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
