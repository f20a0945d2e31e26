package io.sparklm.perf;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Measured single-precision GEMM peak of ND4J on this machine: {@code C = A·B} with square {@code n x n} float
 * matrices (default n = 2048), 2n^3 FLOPs per product, median of {@code runs} runs of {@code reps} products each,
 * through {@code Nd4j.gemm} (BLAS sgemm, the call the layer runtimes make; {@code INDArray.mmuli} goes through
 * libnd4j's matmul op and ran 15-35% slower, docs/performance.md section 1). Its best run ({@code best}) is the
 * denominator of model FLOPs utilization (MFU). Prints one JSON line {@code dl4j.gemm.fp32} in GFLOP/s.
 * Args: {@code [n=2048] [reps=4] [runs=5]}.
 */
public final class GemmPeakBench {
    private GemmPeakBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        BenchJson.Stats s = measure(n, reps, runs);
        BenchJson.print(asLine(s, n));
    }

    /** The JSON line of a measurement. */
    public static Map<String, Object> asLine(BenchJson.Stats s, int n) {
        Map<String, Object> m = BenchJson.line("dl4j.gemm.fp32", s.median(), "GFLOP/s");
        m.put("engine", "dl4j");
        m.put("n", n);
        m.put("runs", s.runs());
        m.put("spread", BenchJson.round(s.spread()));
        m.put("best", BenchJson.round(s.max()));
        m.put("backend", NativeInfo.describe());
        return m;
    }

    /** GFLOP/s statistics of {@code runs} runs of {@code reps} n x n float products (after one warm-up run). */
    public static BenchJson.Stats measure(int n, int reps, int runs) {
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double flops = 2.0 * n * n * (double) n;
        double[] g = new double[runs];
        for (int r = -1; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (r >= 0) {
                g[r] = flops * reps / s / 1e9;
            }
        }
        return BenchJson.Stats.of(g);
    }
}
