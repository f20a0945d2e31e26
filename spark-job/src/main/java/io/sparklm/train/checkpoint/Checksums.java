package io.sparklm.train.checkpoint;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code SHA256SUMS} file of a checkpoint, sha256sum-compatible: one {@code <64 hex>  <file name>} line per
 * file, names without directories, UTF-8, newline-terminated. A checkpoint is valid when this file parses and
 * every listed file re-hashes to its digest.
 */
public final class Checksums {
    public static final String FILE = "SHA256SUMS";

    private Checksums() {}

    public static String format(Map<String, String> sums) {
        StringBuilder sb = new StringBuilder();
        sums.forEach((name, hex) -> sb.append(hex).append("  ").append(name).append('\n'));
        return sb.toString();
    }

    /** Parses; throws IOException naming the problem on any malformed or truncated line. */
    public static Map<String, String> parse(String text) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!text.endsWith("\n")) {
            throw new IOException(FILE + " is truncated (no final newline)");
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 67 || line.charAt(64) != ' ' || line.charAt(65) != ' '
                    || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
                throw new IOException(FILE + " has a malformed line: '" + line + "'");
            }
            out.put(line.substring(66), line.substring(0, 64));
        }
        return out;
    }

    /** Verifies {@code dir}: returns null when valid, else a one-line reason. Required files must be listed. */
    public static String verify(FileSystem fs, Path dir, String... required) {
        try {
            Path sumsPath = new Path(dir, FILE);
            if (!fs.exists(sumsPath)) {
                return "missing " + FILE;
            }
            byte[] raw;
            try (var in = fs.open(sumsPath)) {
                raw = in.readAllBytes();
            }
            Map<String, String> sums = parse(new String(raw, StandardCharsets.UTF_8));
            for (String r : required) {
                if (!sums.containsKey(r)) {
                    return FILE + " does not list " + r;
                }
            }
            for (Map.Entry<String, String> e : sums.entrySet()) {
                Path f = new Path(dir, e.getKey());
                if (!fs.exists(f)) {
                    return "missing file " + e.getKey();
                }
                String actual = io.sparklm.fs.HadoopFs.sha256(fs, f);
                if (!actual.equals(e.getValue())) {
                    return "checksum mismatch for " + e.getKey() + " (truncated or corrupt)";
                }
            }
            return null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
