package io.sparklm.train;

import io.sparklm.eval.Evaluator;
import io.sparklm.rng.Rng;
import io.sparklm.config.EffectiveConfig;
import io.sparklm.config.ConfigMap;
import io.sparklm.model.layers.KeyedDropout;
import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.batch.BlockPlan;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test fixtures: a tiny next-token model (embedding + softmax over a bigram pattern) and synthetic shards. */
public final class TestModels {
    public static final int VOCAB = 48;
    public static final int SEQ = 16;

    private TestModels() {}

    /** {@link #tiny} whose updater leaves the parameters exactly as they are (SGD with learning rate 0). */
    public static ComputationGraph frozen(long seed, int d) {
        ComputationGraph g = tiny(seed, d, 0);
        ComputationGraph f = new ComputationGraph(withUpdater(g.getConfiguration(),
                new org.nd4j.linalg.learning.config.Sgd(0.0)));
        f.init(g.params().dup(), false);
        return f;
    }

    private static ComputationGraphConfiguration withUpdater(ComputationGraphConfiguration conf,
                                                             org.nd4j.linalg.learning.config.IUpdater u) {
        ComputationGraphConfiguration c = conf.clone();
        c.getVertices().values().forEach(v -> {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) {
                bl.setIUpdater(u);
                bl.setBiasUpdater(null);
            }
        });
        return c;
    }

    /** Embedding(d) -> keyed dropout (as the transformer's) -> softmax over the vocabulary at every position. */
    public static ComputationGraph tiny(long seed, int d, double dropout) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(0.02))
                .graphBuilder()
                .addInputs("in")
                .addLayer("emb", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(d).outputDataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).build(), "in")
                .addLayer("drop", new DropoutLayer.Builder()
                        .dropOut(dropout > 0 ? new KeyedDropout(1.0 - dropout, seed, "drop") : null).build(), "emb")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(d).nOut(VOCAB)
                        .activation(Activation.SOFTMAX).dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).build(), "drop")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Synthetic records: next = (5 t + 3) mod V with probability 0.85, else uniform; seeded by (shard, record). */
    public static final class SyntheticLoader implements BatchLoader {
        @Override
        public MultiDataSet load(List<Block> blocks, long maskingStep) {
            int n = 0;
            for (Block b : blocks) {
                n += b.count();
            }
            float[] feat = new float[n * SEQ];
            INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, VOCAB, SEQ);
            int row = 0;
            for (Block b : blocks) {
                for (long r = b.first(); r < b.first() + b.count(); r++) {
                    int[] seq = sequence(b.shardUri(), r);
                    for (int t = 0; t < SEQ; t++) {
                        feat[row * SEQ + t] = seq[t];
                        labels.putScalar(new long[] {row, seq[t + 1], t}, 1f);
                    }
                    row++;
                }
            }
            INDArray f = Nd4j.create(feat, new long[] {n, SEQ}, 'c');
            return new org.nd4j.linalg.dataset.MultiDataSet(f, labels);
        }

        static int[] sequence(String shard, long record) {
            SplittableRandom rnd = new SplittableRandom(Rng.mix(shard.hashCode(), record));
            int[] s = new int[SEQ + 1];
            s[0] = rnd.nextInt(VOCAB);
            for (int i = 1; i <= SEQ; i++) {
                s[i] = rnd.nextDouble() < 0.85 ? (5 * s[i - 1] + 3) % VOCAB : rnd.nextInt(VOCAB);
            }
            return s;
        }
    }

    /** {@code shards} train shards of {@code records} records each ("mem://train-k"). */
    public static BlockPlan trainPlan(int shards, long records, int blockSize, long seed) {
        List<BlockPlan.Shard> s = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            s.add(new BlockPlan.Shard("mem://train-" + i, records));
        }
        return new BlockPlan(s, blockSize, seed);
    }

    /**
     * Wraps a loader with test faults at chosen minibatch indices (the first block of a load call): throw (a crash
     * of the job), raise SIGTERM and wait until the trainer saw it, sleep (a slow step), or block until
     * {@link #release()} or an interrupt (a hung read). Holds plain data, so Spark executors in this JVM act on
     * their copies too.
     */
    public static final class HookedLoader implements BatchLoader {
        public enum Fault { CRASH, SIGTERM, SLEEP, HANG }

        private static volatile java.util.concurrent.CountDownLatch hung = new java.util.concurrent.CountDownLatch(1);
        private final BatchLoader inner;
        private final Map<Long, Fault> faults = new java.util.HashMap<>();
        private final Map<Long, Long> sleepMillis = new java.util.HashMap<>();

        public HookedLoader(BatchLoader inner) {
            this.inner = inner;
            hung = new java.util.concurrent.CountDownLatch(1);
        }

        /** {@code fault} when minibatch {@code g} is loaded; {@code millis} for SLEEP. */
        public HookedLoader at(long g, Fault fault, long millis) {
            faults.put(g, fault);
            sleepMillis.put(g, millis);
            return this;
        }

        public HookedLoader at(long g, Fault fault) {
            return at(g, fault, 0);
        }

        /** Ends every HANG. */
        public static void release() {
            hung.countDown();
        }

        @Override
        public MultiDataSet load(List<Block> blocks, long maskingStep) {
            long g = blocks.get(0).globalIndex();
            Fault f = faults.get(g);
            try {
                if (f == Fault.CRASH) {
                    throw new IllegalStateException("simulated crash loading minibatch " + g);
                } else if (f == Fault.SIGTERM) {
                    sun.misc.Signal.raise(new sun.misc.Signal("TERM"));
                    for (int i = 0; i < 500 && !io.sparklm.train.run.Preemption.requested(); i++) {
                        Thread.sleep(10);
                    }
                } else if (f == Fault.SLEEP) {
                    Thread.sleep(sleepMillis.get(g));
                } else if (f == Fault.HANG) {
                    hung.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted loading minibatch " + g, e);
            }
            return inner.load(blocks, maskingStep);
        }
    }

    /** {@link #setup(Map, double)} whose loader is wrapped in {@code faults}. */
    public static Trainer.Setup setup(Map<String, String> kv, double dropout, HookedLoader faults) {
        Trainer.Setup s = setup(kv, dropout);
        return new Trainer.Setup(s.run(), s.newModel(), s.listeners(), faults, s.train(), s.val(), s.seqLen(),
                s.config(), s.tokenizerJson(), s.evaluator(), s.optim(), s.baseline());
    }

    /** A fault loader over the synthetic data. */
    public static HookedLoader faults() {
        return new HookedLoader(new SyntheticLoader());
    }

    /** A Setup over synthetic data with run keys from {@code kv} (output and data are placeholders). */
    public static Trainer.Setup setup(Map<String, String> kv, double dropout) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", "mem://data");
        m.put("output", "unused");
        m.putAll(kv);
        ConfigMap c = ConfigMap.of(m);
        RunSettings r = RunSettings.from(c);
        c.requireAllUsed();
        BlockPlan train = trainPlan(4, 40, r.batchSizePerWorker(), r.seed());
        BlockPlan val = new BlockPlan(List.of(new BlockPlan.Shard("mem://val-0", 64)), r.batchSizePerWorker(),
                r.seed());
        Map<String, Object> eff = new LinkedHashMap<>(r.asConfig());
        eff.put("test-dropout", dropout);
        return new Trainer.Setup(r, () -> tiny(r.seed(), 16, dropout), java.util.List.of(), new SyntheticLoader(), train, val, SEQ,
                new EffectiveConfig(eff), "{\"tokenizer\":true}".getBytes(), Evaluator.softmaxOutputs(),
                new io.sparklm.optim.OptimConfig(0.02, 0.02, 0, 1000, "constant", 0, 0.9, 0.999, 1e-8, 0), null);
    }
}
