package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;

import java.nio.file.Path;
import java.util.Map;

/**
 * DL4J training and forward tokens/s of the benchmark shapes ({@link ModelShapes}), model FLOPs utilization
 * against the measured ND4J fp32 GEMM peak (best run of {@link GemmPeakBench}), one JSON line each:
 * {@code dl4j.train.<label>}, {@code dl4j.forward.<label>} (tokens/s), {@code dl4j.mfu_train.<label>},
 * {@code dl4j.mfu_forward.<label>} (%), {@code dl4j.gemm.fp32} (GFLOP/s). Forward = inference output into a
 * reused {@code OutputWorkspace} (how {@code Evaluation} runs it); the forward line also carries
 * {@code detached_output_tokens_per_s}, plain {@code ComputationGraph.output} with a fresh output array per call.
 * The PyTorch peer values are paired in by {@code bench/compare.py}. Args (key=value): shapes (d256,tiny),
 * warmup (2), steps (3), runs (3), gemm-n (2048), conf-dir (-Dsparklm.conf.dir or conf).
 */
public final class TrainSpeedBench {
    private TrainSpeedBench() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        var shapes = c.list("shapes");
        int warmup = c.integer("warmup", 2, 0, 1000);
        int steps = c.integer("steps", 3, 1, 10000);
        int runs = c.integer("runs", 3, 1, 1000);
        int gemmN = c.integer("gemm-n", 2048, 64, 16384);
        Path confDir = Path.of(c.string("conf-dir", System.getProperty("sparklm.conf.dir", "conf")));
        c.requireAllUsed();
        if (shapes.isEmpty()) {
            shapes = java.util.List.of("d256", "tiny");
        }
        System.err.println("ND4J: " + NativeInfo.describe());
        BenchJson.Stats gemm = GemmPeakBench.measure(gemmN, 4, 5);
        BenchJson.print(GemmPeakBench.asLine(gemm, gemmN));
        for (String name : shapes) {
            ModelShapes.Shape s = ModelShapes.named(name, confDir);
            ModelTimer timer = new ModelTimer(s);
            System.err.println(s.label() + ": " + timer.graph().numParams() + " parameters, "
                    + s.matmulParams() + " in matmuls, train FLOPs/token " + s.trainFlopsPerToken());
            BenchJson.Stats fwd = timer.timeForward(warmup, steps, runs);
            BenchJson.Stats detached = timer.timeForwardDetached(Math.min(warmup, 3), steps, runs);
            BenchJson.Stats train = timer.timeTrain(warmup, steps, runs);
            emit("dl4j.train." + s.label(), train, "tokens/s", s, steps, Map.of());
            emit("dl4j.forward." + s.label(), fwd, "tokens/s", s, steps, Map.of(
                    "output", "reused output workspace (Evaluation's path)",
                    "detached_output_tokens_per_s", BenchJson.round(detached.median())));
            mfu("dl4j.mfu_train." + s.label(), train.median(), s.trainFlopsPerToken(), gemm.max(), s);
            mfu("dl4j.mfu_forward." + s.label(), fwd.median(), s.forwardFlopsPerToken(), gemm.max(), s);
        }
    }

    private static void emit(String name, BenchJson.Stats st, String unit, ModelShapes.Shape s, int steps,
                             Map<String, Object> extra) {
        Map<String, Object> m = BenchJson.line(name, st.median(), unit);
        m.putAll(extra);
        m.put("runs", st.runs());
        m.put("steps_per_run", steps);
        m.put("spread", BenchJson.round(st.spread()));
        m.put("params", s.model().parameterCount());
        m.put("backend", NativeInfo.describe());
        BenchJson.print(m);
    }

    private static void mfu(String name, double tokensPerS, double flopsPerToken, double peakGflops,
                            ModelShapes.Shape s) {
        double flopsPerS = tokensPerS * flopsPerToken;
        Map<String, Object> m = BenchJson.line(name, 100.0 * flopsPerS / (peakGflops * 1e9), "%");
        m.put("flops_per_token", flopsPerToken);
        m.put("model_gflops", BenchJson.round(flopsPerS / 1e9));
        m.put("peak_gflops", BenchJson.round(peakGflops));
        m.put("formula", "6N+12LTd train, (6N+12LTd)/3 forward, N=" + s.matmulParams());
        BenchJson.print(m);
    }
}
