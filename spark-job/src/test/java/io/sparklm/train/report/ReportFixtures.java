package io.sparklm.train.report;

import io.sparklm.train.run.MetricsLog;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Metrics lines as a run writes them (through {@link MetricsLog}) and the facts of that run. */
final class ReportFixtures {
    static final long TOKENS_PER_STEP = 4096;
    static final double BASELINE = 6.5;

    private ReportFixtures() {}

    /**
     * Validation at steps 0 (ln 4096), 100, 200, 300 ({@code valEvery} 100) or only 0 and 300; train lines every
     * 10 steps from 10 to 300, loss falling from about 8 to 5, a null loss at step 150, warmup then cosine decay of
     * the learning rate, throughput around 8,000 tokens/s.
     */
    static List<String> lines(boolean everyHundred) throws IOException {
        MetricsLog m = MetricsLog.load(FileSystem.getLocal(new Configuration()), new Path("file:///nonexistent"), -1);
        m.validation(0, Math.log(4096), Double.NaN);
        for (int s = 10; s <= 300; s += 10) {
            double lr = s <= 50 ? 1e-3 * s / 50 : 1e-4 + 0.9e-3 * 0.5 * (1 + Math.cos(Math.PI * (s - 50) / 250.0));
            m.train(s, s == 150 ? Double.NaN : 5 + 3 * Math.exp(-s / 60.0), lr, 8000 + (s % 30) * 10);
            if (s % 100 == 0 && (everyHundred || s == 300)) {
                m.validation(s, 5.1 + 3 * Math.exp(-s / 60.0), Double.NaN);
            }
        }
        return m.lines();
    }

    static RunFacts facts(UnigramBaseline baseline) {
        return new RunFacts("file:///runs/test", Map.of("family", "gpt", "d-model", 64, "n-layers", 2,
                "parameters", 1234567L, "lr", 1e-3, "unlisted-key", "x"), TOKENS_PER_STEP, baseline);
    }

    static UnigramBaseline baseline() {
        return new UnigramBaseline(BASELINE, 1000, 1000, true);
    }
}
