package io.sparklm.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON-line output and run statistics for the perf benchmark mains. Every line carries at least
 * {@code name, value, unit, peer, peer_value, ratio} (peer fields null when the peer is measured elsewhere, e.g.
 * PyTorch, and paired by {@code bench/compare.py}) plus the 1-minute load average at print time.
 */
public final class BenchJson {
    private BenchJson() {}

    /** Median, max-min spread and maximum of {@code x} (x not modified). */
    public record Stats(double median, double spread, double max, int runs) {
        public static Stats of(double[] x) {
            double[] c = x.clone();
            Arrays.sort(c);
            double med = c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
            return new Stats(med, c[c.length - 1] - c[0], c[c.length - 1], c.length);
        }
    }

    /** A line builder preserving insertion order. */
    public static Map<String, Object> line(String name, double value, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", round(value));
        m.put("unit", unit);
        m.put("peer", null);
        m.put("peer_value", null);
        m.put("ratio", null);
        return m;
    }

    /** Prints {@code m} as one JSON object on stdout, adding {@code load1} (the 1-minute load average). */
    public static void print(Map<String, Object> m) {
        m.putIfAbsent("load1", load1());
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ").append(value(e.getValue()));
        }
        System.out.println(sb.append('}'));
        System.out.flush();
    }

    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof java.util.List<?> list) {
            return list.stream().map(BenchJson::value).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Rounds to 4 significant digits (keeps JSON short and free of binary noise). */
    public static double round(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    /** The 1-minute load average from /proc/loadavg, or -1 where unavailable. */
    public static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Formats like {@code String.format} with the root locale. */
    public static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
