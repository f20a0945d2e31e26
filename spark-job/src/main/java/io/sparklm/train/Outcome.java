package io.sparklm.train;

import java.util.Locale;

/**
 * Result of one invocation of a run: exit code ({@link ExitCodes}), status word, final step, last and step-0
 * validation losses (nats per token; NaN when not measured) and the masked-token accuracy of the last validation
 * (NaN for gpt or when not measured).
 */
public record Outcome(int exitCode, long step, double valLoss, double initialValLoss, String status,
                      double valMlmAcc) {

    static Outcome of(int code, String status, RunState st) {
        return st == null ? new Outcome(code, -1, Double.NaN, Double.NaN, status, Double.NaN)
                : new Outcome(code, st.step, st.lastVal, st.initialVal, status, st.lastAcc);
    }

    /** One JSON line; {@code val_mlm_acc} only when measured (MLM runs), like metrics.jsonl; NaN as null. */
    public String toJson() {
        String acc = Double.isFinite(valMlmAcc) ? ",\"val_mlm_acc\":" + num(valMlmAcc) : "";
        return String.format(Locale.ROOT,
                "{\"status\":\"%s\",\"step\":%d,\"val_loss\":%s,\"val_ppl\":%s%s,\"initial_val_loss\":%s}",
                status, step, num(valLoss), num(Math.exp(valLoss)), acc, num(initialValLoss));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }
}
