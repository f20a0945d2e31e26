package io.sparklm.finetune;

import io.sparklm.batch.BatchLoader;
import io.sparklm.batch.Block;
import io.sparklm.fs.HadoopConf;
import io.sparklm.rng.Rng;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Loads blocks of {@link ExampleFile}s as {@link ClassBatches} (on executors or the driver). Blocks of the training
 * file ({@code shuffledUri}, {@code records} records) address positions of a permutation of all its records that
 * is new every epoch and a function of (seed, epoch) only, so each epoch batches the examples differently and a
 * resumed run reads the same batches; any other file (validation) is read in file order. Serializable: plain
 * settings and the driver's Hadoop configuration.
 */
public final class ExampleBatchLoader implements BatchLoader {
    private static final long serialVersionUID = 1L;
    private final String shuffledUri;
    private final long records;
    private final long seed;
    private final boolean bert;
    private final int maxLength;
    private final int numLabels;
    private final int padId;
    private final String dtype;
    private final HadoopConf hadoop;
    private transient long permEpoch = -1;
    private transient int[] perm;

    public ExampleBatchLoader(String shuffledUri, long records, long seed, boolean bert, int maxLength,
                              int numLabels, int padId, String dtype, HadoopConf hadoop) {
        this.shuffledUri = shuffledUri;
        this.records = records;
        this.seed = seed;
        this.bert = bert;
        this.maxLength = maxLength;
        this.numLabels = numLabels;
        this.padId = padId;
        this.dtype = dtype;
        this.hadoop = hadoop;
    }

    @Override
    public MultiDataSet load(List<Block> blocks, long maskingStep) {
        List<Example> out = new ArrayList<>();
        for (Block b : blocks) {
            Path p = new Path(b.shardUri());
            try {
                org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(hadoop.get());
                Example[] ex = b.shardUri().equals(shuffledUri)
                        ? ExampleFile.read(fs, p, positions(b.epoch(), b.first(), b.count()))
                        : ExampleFile.readRange(fs, p, b.first(), b.count());
                out.addAll(Arrays.asList(ex));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read examples [" + b.first() + ", " + (b.first() + b.count())
                        + ") of " + b.shardUri(), e);
            }
        }
        return ClassBatches.toMultiDataSet(out, bert, maxLength, numLabels, padId, dtype);
    }

    /** Record indices of positions {@code [first, first + count)} in epoch {@code epoch}'s order. */
    synchronized long[] positions(long epoch, long first, int count) {
        if (epoch != permEpoch || perm == null) {
            perm = permutation(Math.toIntExact(records), Rng.mix(seed, epoch, 0xC1A55L));
            permEpoch = epoch;
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = perm[Math.toIntExact(first + i)];
        }
        return out;
    }

    /** A uniformly random permutation of {@code [0, n)} (Fisher-Yates) from {@code key}. */
    static int[] permutation(int n, long key) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(key);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
