package io.sparklm.batch;

import io.sparklm.rng.Rng;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic data order of a run. Each shard is cut into blocks of {@code blockSize} consecutive records
 * (a shard's tail shorter than a block is dropped and counted); every epoch visits all blocks once in an order
 * that depends only on (seed, epoch). Global minibatch {@code g} is block {@code perm(g / n)[g % n]}.
 */
public final class BlockPlan implements Serializable {
    /** A shard of the split: Hadoop URI string and record count (from the manifest). */
    public record Shard(String uri, long records) implements Serializable {}

    private final List<Shard> shards;
    private final int blockSize;
    private final long seed;
    private final int[] blockShard;
    private final long[] blockFirst;
    private final int[] blockCount;
    private final long dropped;
    private transient long cachedEpoch = -1;
    private transient int[] cachedPerm;

    public BlockPlan(List<Shard> shards, int blockSize, long seed) {
        this(shards, blockSize, seed, false);
    }

    /** {@code keepTails}: also make a (shorter) block of each shard's tail; used for validation. */
    public BlockPlan(List<Shard> shards, int blockSize, long seed, boolean keepTails) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
        }
        this.shards = List.copyOf(shards);
        this.blockSize = blockSize;
        this.seed = seed;
        List<long[]> blocks = new ArrayList<>();
        long drop = 0;
        for (int s = 0; s < this.shards.size(); s++) {
            long n = this.shards.get(s).records();
            long full = n / blockSize;
            for (long b = 0; b < full; b++) {
                blocks.add(new long[] {s, b * blockSize, blockSize});
            }
            long tail = n - full * blockSize;
            if (keepTails && tail > 0) {
                blocks.add(new long[] {s, full * blockSize, tail});
            } else {
                drop += tail;
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no shard holds a full batch of " + blockSize
                    + " records (shards: " + this.shards.size() + ", records dropped: " + drop + ")");
        }
        if (blocks.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many blocks: " + blocks.size());
        }
        blockShard = new int[blocks.size()];
        blockFirst = new long[blocks.size()];
        blockCount = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            blockShard[i] = (int) blocks.get(i)[0];
            blockFirst[i] = blocks.get(i)[1];
            blockCount[i] = (int) blocks.get(i)[2];
        }
        dropped = drop;
    }

    public int blocksPerEpoch() {
        return blockShard.length;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Records per epoch that fall in no block (shard tails shorter than a batch). */
    public long droppedRecordsPerEpoch() {
        return dropped;
    }

    public List<Shard> shards() {
        return shards;
    }

    /** The block of global minibatch {@code g} (g >= 0). */
    public synchronized Block block(long g) {
        if (g < 0) {
            throw new IllegalArgumentException("negative minibatch index " + g);
        }
        int n = blockShard.length;
        long epoch = g / n;
        int idx = (int) (g % n);
        int b = perm(epoch)[idx];
        Shard s = shards.get(blockShard[b]);
        return new Block(s.uri(), blockShard[b], blockFirst[b], blockCount[b], epoch, idx, g);
    }

    /** Blocks in manifest order without shuffling (validation), first {@code max} of them. */
    public List<Block> sequential(int max) {
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < blockShard.length && out.size() < max; b++) {
            Shard s = shards.get(blockShard[b]);
            out.add(new Block(s.uri(), blockShard[b], blockFirst[b], blockCount[b], 0, b, b));
        }
        return out;
    }

    private int[] perm(long epoch) {
        if (epoch != cachedEpoch || cachedPerm == null) {
            int n = blockShard.length;
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SplittableRandom rnd = new SplittableRandom(Rng.mix(seed, epoch, 0x5EEDL));
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPerm = p;
            cachedEpoch = epoch;
        }
        return cachedPerm;
    }
}
