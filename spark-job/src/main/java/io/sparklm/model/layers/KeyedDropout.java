package io.sparklm.model.layers;

import io.sparklm.rng.Rng;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Inverted dropout whose mask is a pure function of stable keys: (model seed, layer name, iteration, batch key).
 * {@code retain} is the probability of KEEPING an activation (as DL4J's {@code Dropout(p)}); kept activations are
 * scaled by 1/retain. The batch key is a hash of the minibatch's feature values, bound by the trainer before each
 * fit ({@link #bind}); it tells apart the minibatches that parallel workers fit at the same iteration. The mask is
 * drawn by ND4J's counter-based native generator from a fresh seed, so it does not depend on the thread count or
 * on any other consumer of ND4J's global RNG. The forward mask is kept for backprop and cleared there (as DL4J's).
 * Serialized in the graph JSON as {@code retain}, {@code seed}, {@code layer}.
 */
public final class KeyedDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    private double retain;
    private long seed;
    private String layer;
    private transient long batchKey;
    private transient INDArray mask;

    /** For Jackson. */
    public KeyedDropout() {}

    /** {@code retain} in (0, 1]: probability of keeping an activation; {@code layer}: a name unique in the model. */
    public KeyedDropout(double retain, long seed, String layer) {
        if (!(retain > 0 && retain <= 1)) {
            throw new IllegalArgumentException("dropout retain probability must be in (0, 1], got " + retain);
        }
        this.retain = retain;
        this.seed = seed;
        this.layer = layer;
    }

    /** Binds {@link #batchKey(MultiDataSet)} of {@code mds} to every KeyedDropout of {@code g}; call before fit. */
    public static void bind(ComputationGraph g, MultiDataSet mds) {
        long key = batchKey(mds);
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer().getIDropout() instanceof KeyedDropout kd) {
                kd.batchKey = key;
            }
        }
    }

    /** Hash of every feature value of the minibatch (token ids, segments), in order; exact on any thread count. */
    public static long batchKey(MultiDataSet mds) {
        long h = 0x5EEDL;
        for (INDArray f : mds.getFeatures()) {
            double[] v = f.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            h = Rng.mix(h, f.rank(), f.size(0), v.length);
            for (double x : v) {
                h = Rng.mix(h, Double.doubleToLongBits(x));
            }
        }
        return h;
    }

    /** The mask's seed for one application: a pure function of (seed, layer, iteration, batch key). */
    public long maskSeed(int iteration) {
        return Rng.mix(seed, layer == null ? 0 : layer.hashCode(), iteration, batchKey);
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray in = input;
        if (in != output && in.dataType() != output.dataType()) {
            in = in.castTo(output.dataType());
        }
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), output.shape(), output.ordering())
                .assign(1.0);
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(maskSeed(iteration))) {
            Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, retain), rng);
        } catch (Exception e) {
            throw new IllegalStateException("dropout RNG", e);
        }
        Nd4j.getExecutioner().exec(new MulOp(in, mask, output));
        return output;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (mask == null) {
            throw new IllegalStateException("dropout backprop without a forward mask (layer " + layer + ")");
        }
        INDArray m = mask.dataType() == gradAtInput.dataType() ? mask : mask.castTo(gradAtInput.dataType());
        Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, m, gradAtInput));
        mask = null;
        return gradAtInput;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public KeyedDropout clone() {
        KeyedDropout c = new KeyedDropout();
        c.retain = retain;
        c.seed = seed;
        c.layer = layer;
        return c;
    }

    public double getRetain() {
        return retain;
    }

    public void setRetain(double retain) {
        this.retain = retain;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    public String getLayer() {
        return layer;
    }

    public void setLayer(String layer) {
        this.layer = layer;
    }

    /** The bound batch key (0 until {@link #bind}); not serialized. */
    @JsonIgnore
    public long batchKeyBound() {
        return batchKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedDropout k && k.retain == retain && k.seed == seed
                && java.util.Objects.equals(k.layer, layer);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(retain, seed, layer);
    }

    @Override
    public String toString() {
        return "KeyedDropout(retain=" + retain + ", seed=" + seed + ", layer=" + layer + ")";
    }
}
