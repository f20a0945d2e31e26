package io.sparklm.export;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safetensors writer against the format's definition (little-endian header length, JSON header with dtype,
 * shape, data_offsets and metadata, 8-byte aligned data, raw little-endian floats) and a round trip through the
 * reader; the reader refuses malformed files and converts F64/F16/BF16.
 */
class SafetensorsTest {
    static final List<SafeTensor> TENSORS = List.of(
            new SafeTensor("b.weight", new long[]{2, 3}, new float[]{1f, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 7f}),
            new SafeTensor("a.bias", new long[]{3}, new float[]{0.1f, 0.2f, 0.3f}),
            new SafeTensor("scalar", new long[]{}, new float[]{42f}),
            new SafeTensor("empty", new long[]{0, 4}, new float[]{}));

    static byte[] write(List<SafeTensor> tensors, Map<String, String> meta) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = SafetensorsWriter.write(out, tensors, meta);
        assertEquals(n, out.size());
        return out.toByteArray();
    }

    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    static SafetensorsReader.Contents read(byte[] bytes) throws IOException {
        return SafetensorsReader.read(new ByteArrayInputStream(bytes), "test");
    }

    @Test
    void layoutFollowsTheFormat() throws Exception {
        byte[] bytes = write(TENSORS, Map.of("format", "pt"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "data section 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"b.weight\":{\"dtype\":\"F32\","
                + "\"shape\":[2,3],\"data_offsets\":[0,24]},\"a.bias\":{\"dtype\":\"F32\",\"shape\":[3],"
                + "\"data_offsets\":[24,36]}"), header);
        assertTrue(header.substring(header.strip().length()).chars().allMatch(ch -> ch == ' '), "space padding");
        JsonNode h = Safetensors.JSON.readTree(header);
        assertEquals("[]", h.get("scalar").get("shape").toString());
        assertEquals("[40,40]", h.get("empty").get("data_offsets").toString());
        assertEquals(8 + n + 40, bytes.length);
        b.position((int) (8 + n));
        assertEquals(1f, b.getFloat());
        assertEquals(-2.5f, b.getFloat());
        assertEquals(3e-8f, b.getFloat());
        assertEquals(Float.MAX_VALUE, b.getFloat());
    }

    @Test
    void roundTripIsExact() throws Exception {
        byte[] bytes = write(TENSORS, Map.of("format", "pt", "note", "x"));
        SafetensorsReader.Contents c = read(bytes);
        assertEquals(Map.of("format", "pt", "note", "x"), c.metadata());
        assertEquals(List.of("b.weight", "a.bias", "scalar", "empty"), List.copyOf(c.tensors().keySet()));
        for (SafeTensor t : TENSORS) {
            assertEquals(t, c.tensors().get(t.name()));
        }
        assertArrayEquals(bytes, write(TENSORS, Map.of("format", "pt", "note", "x")), "deterministic bytes");
    }

    @Test
    void writerRefusesDuplicatesAndWrongCounts() {
        SafeTensor a = new SafeTensor("a", new long[]{1}, new float[]{1f});
        assertThrows(IllegalArgumentException.class, () -> write(List.of(a, a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new SafeTensor("x", new long[]{2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new SafeTensor("__metadata__", new long[]{}, new float[1]));
    }

    @Test
    void readerRefusesMalformedFiles() {
        byte[] eight = new byte[8];
        String ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(2, assertDoesNotFail(file(ok, eight)));
        IOException trailing = assertThrows(IOException.class, () -> read(file(ok, new byte[12])));
        assertTrue(trailing.getMessage().contains("after the last tensor"), trailing.getMessage());
        assertThrows(IOException.class, () -> read(file(ok, new byte[4])));
        IOException hole = assertThrows(IOException.class, () -> read(file(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight)));
        assertTrue(hole.getMessage().contains("hole"), hole.getMessage());
        IOException size = assertThrows(IOException.class, () -> read(file(
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight)));
        assertTrue(size.getMessage().contains("tensor x"), size.getMessage());
        IOException dtype = assertThrows(IOException.class, () -> read(file(
                "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", eight)));
        assertTrue(dtype.getMessage().contains("dtype 'I64'"), dtype.getMessage());
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertThrows(IOException.class, () -> read(huge));
    }

    private static int assertDoesNotFail(byte[] bytes) {
        try {
            return read(bytes).tensors().get("x").data().length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void otherFloatTypesAreConverted() throws Exception {
        ByteBuffer d = ByteBuffer.allocate(8 + 4 * 2 + 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
        d.putDouble(0.1);
        d.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        d.putShort((short) 0x3f80).putShort((short) 0xc040).putShort((short) 0x3e80);
        String h = "{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[8,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]}}";
        Map<String, SafeTensor> t = read(file(h, d.array())).tensors();
        assertArrayEquals(new float[]{0.1f}, t.get("d").data());
        assertEquals("[1.0, -2.0, 5.9604645E-8, Infinity]", Arrays.toString(t.get("h").data()));
        assertArrayEquals(new float[]{1f, -3f, 0.25f}, t.get("b").data());
    }
}
