package io.sparklm.train.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a run knows about itself that its metrics lines do not say: the output URI (the report's title), the
 * effective config (key to value), input tokens per optimizer step (global batch x seq-len; fixed for a run, a
 * resume refuses to change it) and the unigram baseline of its training data (null when not measured).
 */
public record RunFacts(String output, Map<String, Object> config, long tokensPerStep, UnigramBaseline baseline) {
    public RunFacts {
        config = new TreeMap<>(config);
        if (tokensPerStep < 1) {
            throw new IllegalArgumentException("tokensPerStep must be >= 1, got " + tokensPerStep);
        }
    }

    /** The page and console title. */
    public String title() {
        return "sparklm training report: " + output;
    }

    /** The baseline in nats per token, NaN when not measured. */
    public double baselineNats() {
        return baseline == null ? Double.NaN : baseline.nats();
    }
}
