package io.sparklm.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective settings of one job run as a sorted map: printed at start, saved as {@code config.json}
 * next to every output and checkpoint, and hashed (SHA-256 of the canonical JSON) so outputs can say
 * which config made them.
 */
public final class EffectiveConfig {
    private static final Logger LOG = LoggerFactory.getLogger("io.sparklm.config");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final TreeMap<String, Object> values;

    public EffectiveConfig(Map<String, ?> values) {
        this.values = new TreeMap<>(values);
    }

    public Map<String, Object> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Pretty, key-sorted JSON; byte-identical for equal settings. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(values) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of {@link #toJson()}. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs the effective config (logger {@code io.sparklm.config}), one {@code key = value} per line. */
    public void print(String title) {
        StringBuilder sb = new StringBuilder(title).append(" effective config (hash ").append(hash(), 0, 12)
                .append("):");
        values.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
        LOG.info(sb.toString());
    }
}
