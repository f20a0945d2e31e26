package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

import org.nd4j.linalg.profiler.data.StringAggregator;
import org.nd4j.linalg.profiler.data.primitives.TimeSet;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a DL4J training step's time goes: runs {@code steps} training (or forward) steps of a benchmark shape with
 * ND4J's op profiler timing every native op, prints the per-op-class time table (stderr) and the share of wall
 * time spent inside native ops vs. outside (Java / DL4J / SameDiff overhead); JSON lines
 * {@code profile.<mode>.<label>.<category>} in ms/step with their share of the profiled step. Args (key=value): shape (d256),
 * mode (train|forward), warmup (2), steps (3).
 */
public final class StepProfile {
    private StepProfile() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        String shapeName = c.string("shape", "d256");
        String mode = c.choice("mode", "train", "train", "forward");
        int warmup = c.integer("warmup", 2, 0, 100);
        int steps = c.integer("steps", 3, 1, 1000);
        Path confDir = Path.of(c.string("conf-dir", System.getProperty("sparklm.conf.dir", "conf")));
        c.requireAllUsed();
        ModelShapes.Shape s = ModelShapes.named(shapeName, confDir);
        ModelTimer t = new ModelTimer(s);
        Runnable step = mode.equals("train") ? t::trainStep : t::forwardStep;
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double plainMs = (System.nanoTime() - t0) / 1e6 / steps;
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double profMs = (System.nanoTime() - t0) / 1e6 / steps;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        System.err.println("=== " + s.label() + " " + mode + ": " + BenchJson.fmt("%.1f ms/step plain, %.1f ms/step "
                + "profiled, %d ops/step", plainMs, profMs, OpProfiler.getInstance().getInvocationsCount() / steps));
        Map<String, long[]> perOp = opTimes(OpProfiler.getInstance().getLongAggergator());
        Map<String, Double> perCat = new TreeMap<>();
        double opMs = 0;
        System.err.println(BenchJson.fmt("%-22s %8s %10s %6s  %s", "op", "calls", "ms/step", "%wall", "category"));
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(perOp.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        for (Map.Entry<String, long[]> e : sorted) {
            double ms = e.getValue()[1] / 1e6 / steps;
            opMs += ms;
            String cat = category(e.getKey());
            perCat.merge(cat, ms, Double::sum);
            System.err.println(BenchJson.fmt("%-22s %8d %10.2f %6.1f  %s", e.getKey(), e.getValue()[0] / steps, ms,
                    100 * ms / profMs, cat));
        }
        perCat.put("outside native ops (java/dl4j/samediff)", Math.max(0, profMs - opMs));
        String prefix = "profile." + mode + "." + s.label() + ".";
        for (Map.Entry<String, Double> e : perCat.entrySet()) {
            Map<String, Object> m = BenchJson.line(prefix + e.getKey().replace(' ', '_'), e.getValue(), "ms/step");
            m.put("share_pct", BenchJson.round(100 * e.getValue() / profMs));
            BenchJson.print(m);
        }
        Map<String, Object> m = BenchJson.line(prefix + "total", profMs, "ms/step");
        m.put("unprofiled_ms_per_step", BenchJson.round(plainMs));
        m.put("ops_per_step", OpProfiler.getInstance().getInvocationsCount() / steps);
        m.put("backend", NativeInfo.describe());
        BenchJson.print(m);
    }

    /** Coarse cost centre of an ND4J op name (forward op and its _bp backward op alike). */
    static String category(String op) {
        String o = op.replaceAll("_bp$", "").replaceAll("_\\d+$", "");
        if (o.startsWith("matmul") || o.equals("mmul") || o.equals("gemm")) {
            return "matmul";
        }
        if (o.startsWith("softmax") || o.equals("log") || o.equals("onehot") || o.startsWith("log_softmax")
                || o.contains("cross_entropy")) {
            return "softmax+loss";
        }
        if (o.startsWith("reduce_mean") || o.equals("rsqrt") || o.startsWith("subtract") || o.startsWith("layer_norm")) {
            return "layernorm";
        }
        if (o.startsWith("tanh") || o.equals("pow") || o.startsWith("gelu")) {
            return "gelu";
        }
        if (o.contains("adam") || o.equals("axpy")) {
            return "updater";
        }
        if (o.startsWith("permute") || o.startsWith("reshape") || o.startsWith("transpose") || o.startsWith("stack")
                || o.startsWith("unstack") || o.contains("assign") || o.equals("cas") || o.equals("shape_of")
                || o.startsWith("concat") || o.startsWith("strided_slice") || o.equals("zeroslike")) {
            return "copies/layout";
        }
        return "elementwise/other";
    }

    /** op name -> {calls, total ns}, read from the profiler's aggregator (its fields are private). */
    static Map<String, long[]> opTimes(StringAggregator agg) {
        Map<String, long[]> out = new LinkedHashMap<>();
        try {
            Field f = StringAggregator.class.getDeclaredField("times");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, TimeSet> times = (Map<String, TimeSet>) f.get(agg);
            for (Map.Entry<String, TimeSet> e : times.entrySet()) {
                String name = e.getKey().replaceAll("^\\w+Op ", "").replaceAll(" \\(.*\\)$", "");
                long[] v = out.computeIfAbsent(name, k -> new long[2]);
                v[0] += e.getValue().size();
                v[1] += e.getValue().getSum();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ND4J OpProfiler layout changed: " + e, e);
        }
        return out;
    }
}
