package io.sparklm.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A manual check at preset size (not a JUnit test: a 124M-parameter model takes minutes on 2 cores):
 * {@code main(preset, vocab, seqLen, exportDir, javaJson)} builds the preset (conf/, {@code -Dsparklm.conf.dir}),
 * sets every parameter from a fixed SplittableRandom (weights and biases std 0.02, LayerNorm gains 1 + 0.2 z),
 * exports it and writes one window of random ids (bert: segments 0 then 1, the last fifth padded) with this
 * model's logits at four positions (and NSP logits) for {@code hf_export_check.py --one exportDir javaJson}.
 */
final class HfExportScaleCheck {
    private HfExportScaleCheck() {}

    public static void main(String[] args) throws Exception {
        ConfigMap c = ConfigLoader.parse(new String[]{"--preset", args[0]}).config();
        int vocab = Integer.parseInt(args[1]);
        int t = Integer.parseInt(args[2]);
        ModelConfig m = ModelConfig.from(c, vocab, t, 0);
        ComputationGraph g = TransformerModel.build(m, OptimConfig.from(c));
        HfExportCases.randomize(g, 20261203L, 0.02);
        long start = System.nanoTime();
        HfExporter.Result r = HfExporter.export(g, null, FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(Path.of(args[3]).toAbsolutePath().toUri()));
        System.err.printf("exported %s: %d tensors, %,d parameters, %,d bytes in %.1f s%n", r.architecture(),
                r.tensors(), r.parameters(), r.bytes(), (System.nanoTime() - start) / 1e9);
        SplittableRandom rnd = new SplittableRandom(7);
        int real = m.isGpt() ? t : t - t / 5;
        int[][] ids = new int[1][t];
        int[][] seg = new int[1][t];
        int[][] mask = new int[1][t];
        for (int i = 0; i < real; i++) {
            ids[0][i] = rnd.nextInt(vocab);
            seg[0][i] = m.isGpt() || i < real / 2 ? 0 : 1;
            mask[0][i] = 1;
        }
        List<Integer> positions = List.of(0, 3, real / 2, real - 1);
        INDArray tokens = Nd4j.createFromArray(ids).castTo(DataType.FLOAT);
        INDArray fm = Nd4j.createFromArray(mask).castTo(DataType.FLOAT);
        INDArray[][] in = m.isGpt() ? new INDArray[][]{{tokens}, null}
                : new INDArray[][]{{tokens, Nd4j.createFromArray(seg).castTo(DataType.FLOAT)}, {fm, fm}};
        start = System.nanoTime();
        INDArray h = g.output(List.of(TransformerModel.lmHeadInput(g)), false, in[0], in[1])[0];   // [1, d, T]
        INDArray rows = Nd4j.create(DataType.FLOAT, positions.size(), h.size(1));
        for (int i = 0; i < positions.size(); i++) {
            rows.putRow(i, h.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(positions.get(i))));
        }
        INDArray logits = rows.mmul(TransformerModel.lmHeadProjection(g));
        if (TransformerModel.lmHeadBias(g) != null) {
            logits.addiRowVector(TransformerModel.lmHeadBias(g));
        }
        System.err.printf("java forward in %.1f s%n", (System.nanoTime() - start) / 1e9);
        ObjectNode root = HfExportCases.JSON.createObjectNode();
        root.put("architecture", r.architecture());
        root.put("safetensors_sha256", r.sha256());
        root.set("input_ids", HfExportCases.JSON.valueToTree(m.isGpt() ? new int[][]{ids[0]} : ids));
        if (!m.isGpt()) {
            root.set("token_type_ids", HfExportCases.JSON.valueToTree(seg));
            root.set("attention_mask", HfExportCases.JSON.valueToTree(mask));
        }
        root.set("positions", HfExportCases.JSON.valueToTree(positions));
        root.set("logits", HfExportCases.JSON.valueToTree(new double[][][]{logits.castTo(DataType.DOUBLE)
                .toDoubleMatrix()}));
        double[][] nsp = HfExportCases.nspLogits(g, in);
        if (nsp != null) {
            root.set("nsp_logits", HfExportCases.JSON.valueToTree(nsp));
        }
        Files.writeString(Path.of(args[4]), HfExportCases.JSON.writeValueAsString(root));
    }
}
