package io.sparklm.infer;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.perf.BenchJson;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Why the KV-cache decoder multiplies with {@link PackedMatrix} instead of ND4J: microseconds per one-row product
 * {@code [1, k] · [k, n]} (a decoding step's only shape) of {@link PackedMatrix#multiply} vs {@code Nd4j.gemm} into a
 * preallocated output, for the weight shapes of the benchmark models (tiny W1, d256 QKV, tiny LM head, GPT-2 small
 * W1 and LM head). One JSON line per shape: value = PackedMatrix us, peer = ND4J us, ratio = ND4J / PackedMatrix
 * (> 1: PackedMatrix faster). Median of {@code runs} (5) timings of {@code reps} products after as many untimed.
 * Main of the test class path (package-private access); args (key=value): reps (200), runs (5).
 */
public final class DecodeGemvBench {
    private DecodeGemvBench() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        int reps = c.integer("reps", 200, 1, 1_000_000);
        int runs = c.integer("runs", 5, 1, 1000);
        c.requireAllUsed();
        int[][] shapes = {{128, 512}, {256, 768}, {128, 8000}, {768, 3072}, {768, 50257}};
        for (int[] s : shapes) {
            int k = s[0];
            int n = s[1];
            float[] w = PackedMatrixTest.random(k * n, 1);
            float[] x = PackedMatrixTest.random(k, 2);
            PackedMatrix pm = new PackedMatrix(w, k, n);
            float[] out = new float[pm.paddedColumns()];
            INDArray wa = Nd4j.createFromArray(w).reshape(k, n);
            INDArray xa = Nd4j.createFromArray(x).reshape(1, k);
            INDArray oa = Nd4j.create(DataType.FLOAT, 1, n);
            double[] ours = new double[runs];
            double[] nd4j = new double[runs];
            for (int r = -1; r < runs; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    pm.multiply(x, k, 1, out, out.length);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    Nd4j.gemm(xa, wa, oa, false, false, 1.0, 0.0);
                }
                long t2 = System.nanoTime();
                if (r >= 0) {
                    ours[r] = (t1 - t0) / 1e3 / reps;
                    nd4j[r] = (t2 - t1) / 1e3 / reps;
                }
            }
            double diff = 0;
            for (int col = 0; col < n; col++) {
                diff = Math.max(diff, Math.abs(out[col] - oa.getFloat(0, col)));
            }
            BenchJson.Stats a = BenchJson.Stats.of(ours);
            BenchJson.Stats b = BenchJson.Stats.of(nd4j);
            Map<String, Object> m = BenchJson.line("infer.gemv." + k + "x" + n, a.median(), "us");
            m.put("peer", "Nd4j.gemm [1," + k + "] x [" + k + "," + n + "]");
            m.put("peer_value", BenchJson.round(b.median()));
            m.put("ratio", BenchJson.round(b.median() / a.median()));
            m.put("runs", runs);
            m.put("reps", reps);
            m.put("spread", BenchJson.round(a.spread()));
            m.put("max_abs_diff", diff);
            BenchJson.print(m);
        }
    }
}
