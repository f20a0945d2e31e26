package io.sparklm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Trainer state saved in every checkpoint as {@code trainer-state.json}. {@code step}: optimizer steps done
 * (one step = one optimizer update over grad-accum-steps minibatches per worker);
 * {@code tokensSeen}: input tokens consumed; the data cursor
 * ({@code epoch}, {@code shardIndex}, {@code record}, {@code nextMinibatch}) names the next block to read;
 * {@code seed}: the run seed every random stream derives from; {@code scheduleIteration}: iteration count the
 * LR schedule sees; best/initial validation losses are per-token nats (NaN when not measured);
 * {@code lastValMlmAcc}: masked-token top-1 accuracy of the last validation, in [0, 1] (NaN for gpt, when not
 * measured, and when reading a checkpoint written before the field existed). Values not measured are JSON null.
 */
public record TrainState(int formatVersion, long step, long tokensSeen, long epoch, int shardIndex, long record,
                         long nextMinibatch, long seed, long scheduleIteration, double lastValLoss,
                         double bestValLoss, long bestStep, double initialValLoss, String configHash,
                         double lastValMlmAcc) {
    public static final int FORMAT_VERSION = 1;
    /** Writes a non-finite double (a loss not measured yet) as JSON null, the way metrics.jsonl does. */
    private static final class FiniteOrNull extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g,
                              com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(double.class, new FiniteOrNull()));

    public static TrainState fresh(long seed, String configHash) {
        return new TrainState(FORMAT_VERSION, 0, 0, 0, 0, 0, 0, seed, 0, Double.NaN, Double.NaN, -1,
                Double.NaN, configHash, Double.NaN);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainState fromJson(String json) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
        if (!tree.has("lastValMlmAcc")) {
            tree.put("lastValMlmAcc", Double.NaN); // checkpoints from before the field: not measured
        }
        for (String k : new String[] {"lastValLoss", "bestValLoss", "initialValLoss", "lastValMlmAcc"}) {
            if (tree.path(k).isNull()) {
                tree.put(k, Double.NaN); // null: not measured
            }
        }
        TrainState s = JSON.treeToValue(tree, TrainState.class);
        if (s.formatVersion() != FORMAT_VERSION) {
            throw new IOException("unsupported trainer-state formatVersion " + s.formatVersion());
        }
        return s;
    }
}
