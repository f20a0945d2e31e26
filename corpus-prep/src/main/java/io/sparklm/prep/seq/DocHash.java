package io.sparklm.prep.seq;

import io.sparklm.rng.Rng;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Document identity: the first 128 bits of SHA-256 of the cleaned UTF-8 text, as 32 hex chars (used for exact dedup, the split, and every random seed). */
public final class DocHash {
    private DocHash() {}

    public static String of(String cleanText) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cleanText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 64 bits of a hex doc hash as a long. */
    public static long high(String hex) {
        return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }

    /** The second 64 bits of a hex doc hash as a long. */
    public static long low(String hex) {
        return Long.parseUnsignedLong(hex.substring(16, 32), 16);
    }

    /** Deterministic uniform value in [0,1) from the hash: the train/validation split (independent of the seed). */
    public static double unit(String hex) {
        return (Rng.mix(high(hex), low(hex), 0x5EED5EEDL) >>> 11) * 0x1.0p-53;
    }

}
