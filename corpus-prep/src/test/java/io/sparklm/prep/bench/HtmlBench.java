package io.sparklm.prep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.prep.clean.HtmlToText;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed of {@link HtmlToText} on one thread over the HTML pages of a JSON-lines file, as one JSON line (input MB/s,
 * best of {@code rounds} after as many warm-up rounds), optionally writing each page's text to {@code out/NNNNN.txt}
 * for comparing two versions. Args: jsonl-file [field=html] [rounds=5] [out=DIR].
 */
public final class HtmlBench {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        String field = "html";
        int rounds = 5;
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "field" -> field = kv[1];
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "out" -> out = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ObjectMapper json = new ObjectMapper();
        List<String> pages = new ArrayList<>();
        long bytes = 0;
        for (String line : Files.readAllLines(in)) {
            JsonNode page = json.readTree(line).get(field);
            if (page != null && page.isTextual()) {
                pages.add(page.asText());
                bytes += page.asText().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        long chars = 0;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 2 * rounds; r++) {
            long t0 = System.nanoTime();
            chars = 0;
            for (String p : pages) {
                chars += HtmlToText.convert(p).length();
            }
            if (r >= rounds) {
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
        }
        if (out != null) {
            Files.createDirectories(out);
            for (int i = 0; i < pages.size(); i++) {
                Files.writeString(out.resolve(String.format("%05d.txt", i)), HtmlToText.convert(pages.get(i)));
            }
        }
        System.out.printf("{\"name\":\"html_to_text\",\"pages\":%d,\"input_mb\":%.2f,\"best_s\":%.3f,\"mb_per_s\":%.1f,"
                + "\"output_chars\":%d,\"load1\":%s}%n", pages.size(), bytes / 1e6, best, bytes / 1e6 / best, chars,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
