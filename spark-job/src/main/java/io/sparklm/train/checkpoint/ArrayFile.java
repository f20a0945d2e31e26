package io.sparklm.train.checkpoint;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * One flat array of a checkpoint (parameters, optimizer state) as a file: a 32-byte header (magic {@code SLMA},
 * version 1, dtype code 1 = float32 or 2 = float64, element count; little-endian, the rest zero) and the values as
 * little-endian bytes. Written and read in 8 MiB chunks straight from and into the array's memory, with the
 * SHA-256 of the whole file computed on a second thread while the chunks stream, so a write runs at the file
 * system's speed. {@code progress} gets the bytes done so far.
 */
public final class ArrayFile {
    static final int MAGIC = 0x414D4C53; // "SLMA" little-endian
    static final int VERSION = 1;
    static final int HEADER = 32;
    private static final int CHUNK = 8 << 20;

    private ArrayFile() {}

    /** Bytes {@link #write} writes for {@code a}. */
    public static long bytes(INDArray a) {
        return HEADER + a.length() * a.dataType().width();
    }

    /** Writes {@code a} (a contiguous vector of float or double) to {@code p}; returns the file's hex SHA-256. */
    public static String write(FileSystem fs, Path p, INDArray a, LongConsumer progress) throws IOException {
        ByteBuffer data = view(a);
        MessageDigest md = sha();
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> daemon(r, "checkpoint-sha256"));
        try (FSDataOutputStream out = fs.create(p, true, CHUNK)) {
            byte[] header = header(a);
            out.write(header);
            md.update(header);
            long done = header.length;
            byte[][] buffers = {new byte[CHUNK], new byte[CHUNK]};
            Future<?>[] hashed = new Future<?>[2];
            for (int i = 0; data.hasRemaining(); i++) {
                int slot = i & 1;
                await(hashed[slot]);                 // the digest of this buffer's previous chunk is done
                byte[] buf = buffers[slot];
                int n = Math.min(CHUNK, data.remaining());
                data.get(buf, 0, n);
                hashed[slot] = hasher.submit(() -> md.update(buf, 0, n));
                out.write(buf, 0, n);
                done += n;
                progress.accept(done);
            }
            await(hashed[0]);
            await(hashed[1]);
            out.hsync();
        } finally {
            hasher.shutdownNow();
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Reads {@code p} into {@code target} (same dtype and length as written); returns the file's hex SHA-256. */
    public static String read(FileSystem fs, Path p, INDArray target, LongConsumer progress) throws IOException {
        ByteBuffer data = view(target);
        MessageDigest md = sha();
        try (FSDataInputStream in = fs.open(p, CHUNK)) {
            byte[] header = new byte[HEADER];
            in.readFully(header);
            md.update(header);
            check(header, target, p);
            byte[] buf = new byte[CHUNK];
            long done = HEADER;
            while (data.hasRemaining()) {
                int n = Math.min(CHUNK, data.remaining());
                in.readFully(buf, 0, n);
                md.update(buf, 0, n);
                data.put(buf, 0, n);
                done += n;
                progress.accept(done);
            }
            if (in.read() != -1) {
                throw new IOException(p + " is longer than its header says");
            }
        } catch (EOFException e) {
            throw new IOException(p + " is truncated", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The element count in {@code p}'s header (to allocate the array before {@link #read}). */
    public static long count(FileSystem fs, Path p) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            byte[] header = new byte[HEADER];
            in.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            if (h.getInt() != MAGIC) {
                throw new IOException(p + " is not a sparklm array file");
            }
            return h.getLong(12);
        } catch (EOFException e) {
            throw new IOException(p + " is truncated", e);
        }
    }

    /** The array's values as a little-endian byte view of its memory (positioned at its first element). */
    private static ByteBuffer view(INDArray a) {
        if (!(a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) || !a.isVector()
                || a.elementWiseStride() != 1 || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("checkpoint arrays are contiguous float or double vectors, got "
                    + a.dataType() + " " + java.util.Arrays.toString(a.shape()));
        }
        int w = a.dataType().width();
        if ((a.offset() + a.length()) * w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("checkpoint arrays are limited to 2 GiB, this one has "
                    + a.length() * w + " bytes");
        }
        ByteBuffer all = a.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        long from = a.offset() * w;
        long len = a.length() * w;
        return all.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) from).limit((int) (from + len))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] header(INDArray a) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putInt(VERSION).putInt(a.dataType() == DataType.FLOAT ? 1 : 2).putLong(a.length());
        return h.array();
    }

    private static void check(byte[] header, INDArray target, Path p) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt() != MAGIC) {
            throw new IOException(p + " is not a sparklm array file");
        }
        int version = h.getInt();
        if (version != VERSION) {
            throw new IOException(p + " has array file version " + version + "; this sparklm reads " + VERSION);
        }
        int dtype = h.getInt();
        long n = h.getLong();
        int expected = target.dataType() == DataType.FLOAT ? 1 : 2;
        if (dtype != expected || n != target.length()) {
            throw new IOException(p + " holds " + n + " values of dtype code " + dtype + "; the model needs "
                    + target.length() + " of code " + expected + " (a checkpoint of another model shape)");
        }
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
