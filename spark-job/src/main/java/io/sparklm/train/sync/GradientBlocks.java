package io.sparklm.train.sync;

import io.sparklm.train.engine.FloatArrays;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.storage.BlockData;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.TaskResultBlockId;
import org.apache.spark.util.io.ChunkedByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Option;
import scala.reflect.ClassTag$;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Moves a worker's gradient to the driver through Spark's block manager as raw little-endian floats, the way
 * Spark itself returns a large task result ({@link TaskResultBlockId} of the task's attempt id), but without
 * Java-serializing a {@code float[]}: the executor copies the ND4J array into direct 4 MB chunks ({@link #put}),
 * the driver streams them into its own array ({@link #read}: a copy or an in-place add) and removes the block.
 * Neither side puts the gradient on the Java heap; the driver holds one 4 MB chunk at a time (plus the fetched
 * block when it comes from another executor).
 */
final class GradientBlocks {
    static final int CHUNK_BYTES = 4 << 20;

    private GradientBlocks() {}

    /** Stores the float array {@code g} in this executor's block manager; returns the block's id (long). */
    static long put(INDArray g) {
        if (g.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("sync moves float gradients, got " + g.dataType());
        }
        FloatBuffer src = FloatArrays.floats(g);
        long n = g.length();
        int perChunk = CHUNK_BYTES / 4;
        ByteBuffer[] chunks = new ByteBuffer[(int) ((n + perChunk - 1) / perChunk)];
        for (int c = 0; c < chunks.length; c++) {
            int from = c * perChunk;
            int count = (int) Math.min(perChunk, n - from);
            ByteBuffer chunk = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer part = src.duplicate();
            part.position(from).limit(from + count);
            chunk.asFloatBuffer().put(part);
            chunks[c] = chunk;
        }
        long id = TaskContext.get().taskAttemptId();
        BlockManager bm = SparkEnv.get().blockManager();
        if (!bm.putBytes(new TaskResultBlockId(id), new ChunkedByteBuffer(chunks), StorageLevel.MEMORY_AND_DISK_SER(),
                true, ClassTag$.MODULE$.apply(byte[].class))) {
            throw new IllegalStateException("could not store the gradient block of task " + id);
        }
        return id;
    }

    /**
     * Reads gradient block {@code id} ({@code target.length()} floats) into the float array {@code target}: a copy,
     * or with {@code add} an element-wise add; then removes the block. False when the block is gone (its executor
     * was lost before the driver read it).
     */
    static boolean read(long id, INDArray target, boolean add) {
        BlockId block = new TaskResultBlockId(id);
        BlockManager bm = SparkEnv.get().blockManager();
        Option<BlockData> local = bm.getLocalBytes(block);
        try {
            if (local.isDefined()) {
                try (InputStream in = local.get().toInputStream()) {
                    readInto(in, target, add);
                } finally {
                    bm.releaseLock(block, Option.empty());
                }
            } else {
                Option<ChunkedByteBuffer> remote = bm.getRemoteBytes(block);
                if (remote.isEmpty()) {
                    return false;
                }
                try (InputStream in = remote.get().toInputStream(true)) {
                    readInto(in, target, add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading gradient block " + block.name() + ": " + e.getMessage(), e);
        } finally {
            remove(id);
        }
        return true;
    }

    /** Removes gradient block {@code id} wherever it is (nothing when it is gone). */
    static void remove(long id) {
        SparkEnv.get().blockManager().master().removeBlock(new TaskResultBlockId(id));
    }

    private static void readInto(InputStream in, INDArray target, boolean add) throws IOException {
        FloatBuffer dst = FloatArrays.floats(target);
        long n = target.length();
        byte[] buf = new byte[CHUNK_BYTES];
        FloatBuffer chunk = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        DataInputStream data = new DataInputStream(in);
        int pos = 0;
        while (pos < n) {
            int count = (int) Math.min(CHUNK_BYTES / 4, n - pos);
            data.readFully(buf, 0, count * 4);
            chunk.clear().limit(count);
            if (add) {
                for (int i = 0; i < count; i++) {
                    dst.put(pos + i, dst.get(pos + i) + chunk.get(i));
                }
            } else {
                dst.position(pos);
                dst.put(chunk);
            }
            pos += count;
        }
        if (data.read() != -1) {
            throw new IOException("gradient block holds more than " + n + " floats");
        }
    }
}
