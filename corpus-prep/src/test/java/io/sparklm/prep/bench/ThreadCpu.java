package io.sparklm.prep.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds (user + system) of this process's native threads grouped by thread name with digits dropped
 * ("GC Thread#0" and "GC Thread#1" count as "GC Thread#"), from {@code /proc/self/task/*}/stat (Linux; empty
 * elsewhere). Covers JIT compiler and GC threads, which {@code ThreadMXBean} does not list. Threads that ended
 * between two snapshots are missing from the later one.
 */
final class ThreadCpu {
    private static final double TICK = 100.0; // USER_HZ on Linux

    private ThreadCpu() {}

    static Map<String, Double> byName() {
        Map<String, Double> out = new TreeMap<>();
        Path dir = Path.of("/proc/self/task");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path t : ds) {
                String st;
                try {
                    st = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // thread ended
                }
                int open = st.indexOf('('), close = st.lastIndexOf(')');
                String name = st.substring(open + 1, close).replaceAll("[0-9]+", "");
                String[] f = st.substring(close + 2).split(" ");
                // after ")": state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
                double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
                out.merge(name, sec, Double::sum);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** after - before per name, rounded to 0.01 s, dropping zeros. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = Math.round((v - before.getOrDefault(k, 0.0)) * 100) / 100.0;
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** Sum over the names that match, rounded to 0.01 s. */
    static double sum(Map<String, Double> byName, java.util.function.Predicate<String> names) {
        return Math.round(byName.entrySet().stream().filter(e -> names.test(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum() * 100) / 100.0;
    }

    /** Busy CPU seconds of the whole machine so far (all processes: /proc/stat user..steal), or NaN elsewhere. */
    static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
