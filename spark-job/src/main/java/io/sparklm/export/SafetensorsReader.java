package io.sparklm.export;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole safetensors file (see {@link Safetensors}) from a stream into float32 tensors: dtypes F32, F64,
 * F16 and BF16 are converted, any other dtype is refused naming the tensor. The header must describe the data
 * section exactly (offsets contiguous from 0, sizes matching shape and dtype, nothing after the last tensor).
 */
public final class SafetensorsReader {
    private SafetensorsReader() {}

    /** The file's tensors by name (in data order) and its metadata. */
    public record Contents(Map<String, SafeTensor> tensors, Map<String, String> metadata) {}

    /** Reads all of {@code in} (not closed); {@code what} names the source in error messages. */
    public static Contents read(InputStream in, String what) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] lenBytes = new byte[8];
        din.readFully(lenBytes);
        long n = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > Safetensors.MAX_HEADER) {
            throw new IOException(what + ": not a safetensors file (header length " + n + ")");
        }
        byte[] headerBytes = new byte[(int) n];
        din.readFully(headerBytes);
        JsonNode header = Safetensors.JSON.readTree(headerBytes);
        if (header == null || !header.isObject()) {
            throw new IOException(what + ": safetensors header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(Safetensors.METADATA)) {
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.add(Entry.parse(f.getKey(), f.getValue(), what));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        long pos = 0;
        for (Entry e : entries) {
            if (e.begin != pos) {
                throw new IOException(what + ": tensor " + e.name + " starts at " + e.begin + ", expected " + pos
                        + " (overlap or hole in the data section)");
            }
            byte[] raw = new byte[Math.toIntExact(e.end - e.begin)];
            din.readFully(raw);
            tensors.put(e.name, new SafeTensor(e.name, e.shape, decode(raw, e.dtype)));
            pos = e.end;
        }
        if (din.read() != -1) {
            throw new IOException(what + ": bytes after the last tensor (data section longer than the header says)");
        }
        return new Contents(tensors, metadata);
    }

    private static float[] decode(byte[] raw, String dtype) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[raw.length / Safetensors.elementSize(dtype)];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case "F32" -> b.getFloat();
                case "F64" -> (float) b.getDouble();
                case "BF16" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                default -> Safetensors.halfToFloat(b.getShort() & 0xffff);
            };
        }
        return v;
    }

    /** One header entry. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
        static Entry parse(String name, JsonNode node, String what) throws IOException {
            String dtype = node.path("dtype").asText("");
            int size = Safetensors.elementSize(dtype);
            if (size < 0) {
                throw new IOException(what + ": tensor " + name + " has dtype '" + dtype
                        + "' (supported: F32, F64, F16, BF16)");
            }
            JsonNode s = node.path("shape");
            JsonNode o = node.path("data_offsets");
            if (!s.isArray() || !o.isArray() || o.size() != 2) {
                throw new IOException(what + ": tensor " + name + " lacks shape or data_offsets");
            }
            long[] shape = new long[s.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new IOException(what + ": tensor " + name + " has a negative dimension");
                }
                count = Math.multiplyExact(count, shape[i]);
            }
            long begin = o.get(0).asLong(-1);
            long end = o.get(1).asLong(-1);
            if (begin < 0 || end - begin != count * size || end - begin > Integer.MAX_VALUE - 8) {
                throw new IOException(what + ": tensor " + name + " has data_offsets [" + begin + ", " + end
                        + "] for " + count + " " + dtype + " values");
            }
            return new Entry(name, dtype, shape, begin, end);
        }
    }
}
