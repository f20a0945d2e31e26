package io.sparklm.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes float32 tensors as one safetensors file (see {@link Safetensors}): dtype F32, data in the order given,
 * header keys {@code __metadata__} first then the tensors in that order; the same tensors and metadata give the
 * same bytes.
 */
public final class SafetensorsWriter {
    private static final int CHUNK = 1 << 16;                 // floats per write

    private SafetensorsWriter() {}

    /** Writes {@code tensors} (unique names) with {@code metadata} to {@code out}; returns the bytes written. */
    public static long write(OutputStream out, List<? extends TensorSource> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(tensors, metadata);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(len.array());
        out.write(header);
        long written = 8L + header.length;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorSource t : tensors) {
            float[] v = t.values();
            if (v.length != count(t.shape())) {
                throw new IllegalStateException("tensor " + t.name() + " gave " + v.length + " values for shape "
                        + Arrays.toString(t.shape()));
            }
            for (int i = 0; i < v.length; i += CHUNK) {
                int n = Math.min(CHUNK, v.length - i);
                buf.clear();
                buf.asFloatBuffer().put(v, i, n);
                out.write(buf.array(), 0, n * 4);
            }
            written += 4L * v.length;
        }
        out.flush();
        return written;
    }

    /** The JSON header, space-padded so that 8 + its length is a multiple of 8. */
    static byte[] header(List<? extends TensorSource> tensors, Map<String, String> metadata) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(Safetensors.METADATA, new LinkedHashMap<>(metadata));
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorSource t : tensors) {
            if (!seen.add(t.name()) || t.name().equals(Safetensors.METADATA)) {
                throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name() + "'");
            }
            long bytes = 4 * count(t.shape());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", "F32");
            e.put("shape", t.shape());
            e.put("data_offsets", new long[]{offset, offset + bytes});
            h.put(t.name(), e);
            offset += bytes;
        }
        byte[] json;
        try {
            json = Safetensors.JSON.writeValueAsBytes(h);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
