package io.sparklm.batch;

import io.sparklm.config.ConfigMap;
import io.sparklm.fs.HadoopConf;
import io.sparklm.model.ModelConfig;
import io.sparklm.shard.ShardReader;
import io.sparklm.shard.ShardRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads blocks from corpus-prep shards through {@link ShardReader} (on executors or the driver) and builds the
 * model's MultiDataSet with {@link Batches}; each block is one seek to its first record. Serializable: holds only
 * the raw config and the
 * masking parameters and the driver's Hadoop configuration; the ModelConfig is rebuilt on first use.
 */
public final class ShardBatchLoader implements BatchLoader {
    private final TreeMap<String, String> rawConfig;
    private final int vocabSize;
    private final int seqLen;
    private final int padId;
    private final long seed;
    private final boolean dynamicMasking;
    private final double mlmProb;
    private final int maskId;
    private final int[] specialIds;
    private final HadoopConf hadoop;
    private transient ModelConfig model;
    private transient MaskingSpec masking;

    public ShardBatchLoader(Map<String, String> rawConfig, int vocabSize, int seqLen, int padId, long seed,
                            MaskingSpec dynamicMaskingOrNull, HadoopConf hadoop) {
        this.hadoop = hadoop;
        this.rawConfig = new TreeMap<>(rawConfig);
        this.vocabSize = vocabSize;
        this.seqLen = seqLen;
        this.padId = padId;
        this.seed = seed;
        this.dynamicMasking = dynamicMaskingOrNull != null;
        this.mlmProb = dynamicMasking ? dynamicMaskingOrNull.prob() : 0;
        this.maskId = dynamicMasking ? dynamicMaskingOrNull.maskId() : -1;
        this.specialIds = dynamicMasking ? dynamicMaskingOrNull.neverMask().clone() : new int[0];
    }

    private ModelConfig model() {
        if (model == null) {
            model = ModelConfig.from(ConfigMap.of(rawConfig), vocabSize, seqLen, padId);
            masking = dynamicMasking ? new MaskingSpec(mlmProb, maskId, vocabSize, specialIds) : null;
        }
        return model;
    }

    @Override
    public MultiDataSet load(List<Block> blocks, long maskingStep) {
        ModelConfig m = model();
        int n = 0;
        for (Block b : blocks) {
            n += b.count();
        }
        int[][] ids = new int[n][];
        int[][] labels = new int[n][];
        int[][] segs = new int[n][];
        int[] nsp = new int[n];
        int row = 0;
        Configuration conf = hadoop.get();
        for (Block b : blocks) {
            Path p = new Path(b.shardUri());
            try (ShardReader r = ShardReader.openAt(p.getFileSystem(conf), p, b.first())) {
                for (int i = 0; i < b.count(); i++) {
                    ShardRecord rec = next(r, b);
                    ids[row] = rec.inputIds();
                    labels[row] = rec.labels();
                    segs[row] = rec.segmentIds();
                    nsp[row] = rec.nspLabel();
                    row++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + b.shardUri() + " records [" + b.first() + ", "
                        + (b.first() + b.count()) + ")", e);
            }
        }
        return Batches.toMultiDataSet(ids, labels, segs, nsp, m, masking, seed, maskingStep);
    }

    private static ShardRecord next(ShardReader r, Block b) {
        if (!r.hasNext()) {
            throw new IllegalStateException("shard " + b.shardUri() + " ended before record "
                    + (b.first() + b.count()) + " (manifest record count is wrong or the shard is truncated)");
        }
        return r.next();
    }
}
