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
            for (String name : sums.keySet()) {
                if (!fs.exists(new Path(dir, name))) {
                    return "missing file " + name;
                }
            }
            // the files are re-hashed side by side: the large parameter and optimizer-state files of a big model
            // take one file's time instead of their sum
            java.util.List<String> names = new java.util.ArrayList<>(sums.keySet());
            String[] problems = new String[names.size()];
            java.util.stream.IntStream.range(0, names.size()).parallel().forEach(i -> {
                try {
                    if (!io.sparklm.fs.HadoopFs.sha256(fs, new Path(dir, names.get(i))).equals(sums.get(names.get(i)))) {
                        problems[i] = "checksum mismatch for " + names.get(i) + " (truncated or corrupt)";
                    }
                } catch (IOException e) {
                    problems[i] = "unreadable " + names.get(i) + ": " + e.getMessage();
                }
            });
            for (String problem : problems) {
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
