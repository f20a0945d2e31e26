package io.sparklm.perf;

import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.ModelConfig;
import io.sparklm.model.TransformerModel;
import io.sparklm.optim.OptimConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The driver's share of one parameter-averaging round at a real model size, for the cost model of
 * docs/scaling.md. A round of DL4J's ParameterAveragingTrainingMaster moves, per worker, the parameters and the
 * updater state (Adam: 3 floats per parameter) up through Spark's tree aggregation and down through a broadcast;
 * the driver deserializes and adds the partial sums that reach it and serializes the new state once. This measures
 * those three operations with Spark's JavaSerializer (the default the trainer runs with) on the real arrays of the
 * model (default gpt2-small with its Adam state), so the driver's time for N workers is
 * {@code ceil(sqrt(N)) x (deserialize + add) + serialize} (tree depth 2) plus network time. JSON lines
 * {@code averaging.<op>.<model>} in seconds per operation. Args: model (gpt2-small), vocab (50257), seq (1024),
 * runs (3).
 */
public final class AveragingRoundBench {
    private AveragingRoundBench() {}

    public static void main(String[] args) {
        ConfigMap c = ConfigLoader.parse(args).config();
        String model = c.string("model", "gpt2-small");
        int vocab = c.integer("vocab", 50257, 2, 1 << 22);
        int seq = c.integer("seq", 1024, 2, 1 << 16);
        int runs = c.integer("runs", 3, 1, 100);
        c.requireAllUsed();
        ConfigMap p = ConfigLoader.parse(new String[] {"--preset", model}).config();
        ComputationGraph g = TransformerModel.build(ModelConfig.from(p, vocab, seq), OptimConfig.from(p));
        INDArray params = g.params();
        INDArray state = g.getUpdater(true).getStateViewArray();
        Payload mine = new Payload(params.dup(), state.dup());
        Payload other = new Payload(params.dup(), state.dup());
        SerializerInstance ser = new JavaSerializer(new SparkConf()).newInstance();
        double serialize = Double.MAX_VALUE;
        double deserialize = Double.MAX_VALUE;
        double add = Double.MAX_VALUE;
        long bytes = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            ByteBuffer buf = ser.serialize(mine, ClassTag$.MODULE$.apply(Payload.class));
            serialize = Math.min(serialize, (System.nanoTime() - t0) / 1e9);
            bytes = buf.remaining();
            t0 = System.nanoTime();
            Payload back = ser.deserialize(buf, ClassTag$.MODULE$.apply(Payload.class));
            deserialize = Math.min(deserialize, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            back.params.addi(other.params);
            back.state.addi(other.state);
            add = Math.min(add, (System.nanoTime() - t0) / 1e9);
            System.err.printf(Locale.ROOT, "[bench] run %d: %,d MB; serialize %.2f s, deserialize %.2f s, add %.2f s%n",
                    r + 1, bytes >> 20, serialize, deserialize, add);
        }
        String peer = "none (driver cost per partial sum; see docs/scaling.md)";
        System.out.println(line("averaging.serialize." + model, serialize, bytes, peer));
        System.out.println(line("averaging.deserialize." + model, deserialize, bytes, peer));
        System.out.println(line("averaging.add." + model, add, bytes, peer));
    }

    private static String line(String name, double seconds, long bytes, String peer) {
        return String.format(Locale.ROOT, "{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"s\",\"peer\":\"%s\","
                + "\"peer_value\":null,\"ratio\":null,\"bytes\":%d,\"mb_per_s\":%.0f}", name, seconds, peer, bytes,
                bytes / 1e6 / seconds);
    }

    /** What one worker sends up in a round: its parameters and updater state (DL4J's aggregation tuple holds both). */
    static final class Payload implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final INDArray params;
        final INDArray state;

        Payload(INDArray params, INDArray state) {
            this.params = params;
            this.state = state;
        }
    }
}
