package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.infer.Generator;
import io.sparklm.infer.LoadedModel;
import io.sparklm.infer.Sampler;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Greedy generation speed, batch 1, on random-init GPTs: tokens/s = new tokens / wall seconds of one
 * {@code Generator.sample} call (prompt prefill included) with the KV cache ({@code sparklm.generate.<label>},
 * paired with {@code pytorch.generate.<label>} by {@code bench/compare.py}) and, for the shapes in
 * {@code uncached}, with today's full-window graph path ({@code sparklm.generate_uncached.<label>}); the cached
 * line then carries {@code speedup_vs_uncached} and {@code ids_identical} (both paths' ids compared). Shapes:
 * {@code tiny} (conf/tiny.conf at T128/V8000), {@code d256} (d256/L4/H4/T128/V8000), {@code gpt2}
 * (GPT-2 small: d768/L12/H12/T1024/V50257). Args (key=value): shapes (tiny,d256), uncached (tiny), new-tokens
 * (256), prompt (16 random ids, seed 1), warmup (3 untimed calls of the cached path, at most 1 of the uncached one:
 * a fresh JVM's first cached call runs the Vector API code before the JIT compiler has, 20-50x slower), runs (3),
 * uncached-runs (2).
 */
public final class GenerateSpeedBench {
    private GenerateSpeedBench() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        var shapes = c.list("shapes");
        var uncached = c.has("uncached") ? c.list("uncached") : java.util.List.of("tiny");
        int newTokens = c.integer("new-tokens", 256, 1, 100_000);
        int promptLen = c.integer("prompt", 16, 1, 100_000);
        int warmup = c.integer("warmup", 3, 0, 100);
        int runs = c.integer("runs", 3, 1, 100);
        int uncachedRuns = c.integer("uncached-runs", 2, 1, 100);
        Path confDir = Path.of(c.string("conf-dir", System.getProperty("sparklm.conf.dir", "conf")));
        c.requireAllUsed();
        shapes = shapes.isEmpty() ? java.util.List.of("tiny", "d256") : shapes;
        System.err.println("ND4J: " + NativeInfo.describe());
        for (String name : shapes) {
            ModelConfig m = model(name, confDir);
            String label = label(name, m);
            LoadedModel lm = new LoadedModel(TransformerModel.build(m, ModelTimer.OPTIM), null, null);
            int[] prompt = new SplittableRandom(1).ints(promptLen, 0, m.vocabSize()).toArray();
            Generator cached = new Generator(lm, 0, -1);
            Timed fast = time(new Run(cached, prompt, newTokens), warmup, runs);
            Map<String, Object> line = line("sparklm.generate." + label, fast, runs, newTokens, promptLen, m);
            if (uncached.contains(name)) {
                Timed slow = time(new Run(Generator.withoutCache(lm, 0, -1), prompt, newTokens), Math.min(warmup, 1),
                        uncachedRuns);
                line.put("uncached_tokens_per_s", BenchJson.round(slow.stats.median()));
                line.put("speedup_vs_uncached", BenchJson.round(fast.stats.median() / slow.stats.median()));
                line.put("ids_identical", Arrays.equals(fast.ids, slow.ids));
                BenchJson.print(line);
                Map<String, Object> u = line("sparklm.generate_uncached." + label, slow, uncachedRuns, newTokens,
                        promptLen, m);
                u.put("path", "full-window graph forward per token (Generator.withoutCache)");
                BenchJson.print(u);
            } else {
                BenchJson.print(line);
            }
        }
    }

    /** Ids of the last timed call, tokens/s of each timed call and their statistics. */
    private record Timed(int[] ids, double[] rates, BenchJson.Stats stats) {}

    /** One greedy generation call. */
    private record Run(Generator gen, int[] prompt, int newTokens) implements IntFunction<int[]> {
        @Override
        public int[] apply(int ignored) {
            return gen.sample(prompt, newTokens, new Sampler(0, 0, 1), 0);
        }
    }

    private static Timed time(Run run, int warmup, int runs) {
        int[] ids = null;
        for (int i = 0; i < warmup; i++) {
            ids = run.apply(i);
        }
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ids = run.apply(i);
            rates[i] = ids.length / ((System.nanoTime() - t0) / 1e9);
        }
        return new Timed(ids, rates, BenchJson.Stats.of(rates));
    }

    private static Map<String, Object> line(String name, Timed t, int runs, int newTokens, int promptLen,
                                            ModelConfig m) {
        Map<String, Object> line = BenchJson.line(name, t.stats.median(), "tokens/s");
        line.put("runs", runs);
        line.put("spread", BenchJson.round(t.stats.spread()));
        line.put("run_values", Arrays.stream(t.rates).map(BenchJson::round).boxed().toList());
        line.put("new_tokens", newTokens);
        line.put("prompt_tokens", promptLen);
        line.put("params", m.parameterCount());
        line.put("fork_join_threads", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1);
        return line;
    }

    static ModelConfig model(String name, Path confDir) {
        if (!name.equals("gpt2")) {
            return ModelShapes.named(name, confDir).model();
        }
        return ModelConfig.from(ConfigMap.of(Map.of("family", "gpt", "d-model", "768", "n-layers", "12",
                "n-heads", "12", "dropout", "0.0")), 50257, 1024);
    }

    static String label(String name, ModelConfig m) {
        String base = "-d" + m.dModel() + "-l" + m.nLayers() + "-h" + m.nHeads() + "-t" + m.seqLen() + "-v"
                + m.vocabSize();
        return switch (name) {
            case "tiny" -> "gpt-tiny" + base;
            case "gpt2" -> "gpt2-small" + base;
            default -> "gpt" + base;
        };
    }
}
