package io.sparklm.export;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The safetensors file format (huggingface/safetensors): an 8-byte little-endian unsigned header length N, N bytes
 * of UTF-8 JSON ({@code "__metadata__"}: string map; per tensor {@code dtype}, {@code shape}, {@code data_offsets}
 * [begin, end) relative to the data section), padded with spaces so that the data starts 8-byte aligned, then the
 * raw little-endian tensor bytes with no holes.
 */
public final class Safetensors {
    /** The header's metadata key. */
    public static final String METADATA = "__metadata__";
    /** Largest header this reader accepts (the reference implementation's limit is 100 MB). */
    static final long MAX_HEADER = 100_000_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** Bytes per element of a dtype this package reads, or -1 when unsupported. */
    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64" -> 8;
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> -1;
        };
    }

    /** IEEE 754 half precision bits to float (exact; Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));          // inf / NaN
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;                                                // subnormal (or zero)
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
