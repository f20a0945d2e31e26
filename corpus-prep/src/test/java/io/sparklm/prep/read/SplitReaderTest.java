package io.sparklm.prep.read;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class SplitReaderTest {
    @TempDir
    Path dir;
    final Configuration conf = new Configuration();

    List<String> readAll(Path f, long splitSize, SplitReader.Mode mode, long cap) throws IOException {
        long len = Files.size(f);
        List<String> out = new ArrayList<>();
        int idx = 0;
        for (long s = 0; s < Math.max(1, len); s += splitSize) {
            InputSplit sp = new InputSplit(idx++, f.toUri().toString(), s, Math.min(splitSize, len - s), len, false);
            try (SplitReader r = new SplitReader(sp, conf, mode, cap)) {
                r.forEachRemaining(rec -> out.add(rec.reason() != null ? "!" + rec.reason()
                        : new String(rec.bytes(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static String randomText(long seed, int lines) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int kind = r.nextInt(6);
            if (kind == 0) {
                sb.append("\n");
            } else if (kind == 1) {
                sb.append("  \t\n");
            } else {
                int n = r.nextInt(40);
                for (int j = 0; j < n; j++) {
                    sb.append((char) ('a' + r.nextInt(26)));
                    if (r.nextInt(7) == 0) sb.append(' ');
                }
                sb.append(r.nextBoolean() ? "\n" : "\r\n");
            }
        }
        return sb.toString();
    }

    @Test
    void linesAndParagraphsAreNeverLostOrDoubledAcrossSplits() throws IOException {
        for (long seed = 0; seed < 4; seed++) {
            Path f = dir.resolve("t" + seed + ".txt");
            String text = randomText(seed, 150) + (seed % 2 == 0 ? "tail without newline" : "");
            Files.writeString(f, text);
            for (SplitReader.Mode mode : List.of(SplitReader.Mode.LINE, SplitReader.Mode.PARAGRAPH)) {
                List<String> whole = readAll(f, Long.MAX_VALUE / 2, mode, 1 << 20);
                for (long split : new long[]{4, 17, 64, 1000}) {
                    assertEquals(whole, readAll(f, split, mode, 1 << 20), mode + " split " + split + " seed " + seed);
                }
                if (mode == SplitReader.Mode.PARAGRAPH) {
                    assertTrue(whole.stream().noneMatch(String::isBlank));
                    assertTrue(whole.size() > 10);
                } else {
                    assertEquals(text.split("\n", -1).length - (text.endsWith("\n") ? 1 : 0), whole.size());
                }
            }
        }
    }

    @Test
    void paragraphsJoinLinesWithNewline() throws IOException {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "\n\nfirst line\nsecond line\n\n \nthird\r\n");
        assertEquals(List.of("first line\nsecond line", "third"), readAll(f, 1 << 20, SplitReader.Mode.PARAGRAPH, 1 << 20));
    }

    @Test
    void overlongRecordsAreSkippedWithoutBuffering() throws IOException {
        Path f = dir.resolve("long.txt");
        char[] big = new char[100_000];
        Arrays.fill(big, 'x');
        Files.writeString(f, "short\n" + new String(big) + "\nafter\n");
        assertEquals(List.of("short", "!too_long", "after"), readAll(f, 1 << 20, SplitReader.Mode.LINE, 1000));
        assertEquals(List.of("short", "!too_long", "after"), readAll(f, 4096, SplitReader.Mode.LINE, 1000));
        assertEquals(List.of("!too_long"), readAll(f, 1 << 20, SplitReader.Mode.FILE, 1000));
    }

    @Test
    void wholeFileAndEmptyFile() throws IOException {
        Path f = dir.resolve("f.txt");
        Files.writeString(f, "a\n\nb\n");
        assertEquals(List.of("a\n\nb\n"), readAll(f, 1 << 20, SplitReader.Mode.FILE, 1 << 20));
        Path e = dir.resolve("e.txt");
        Files.writeString(e, "");
        assertEquals(List.of(""), readAll(e, 1 << 20, SplitReader.Mode.FILE, 1 << 20));
        assertEquals(List.of(), readAll(e, 1 << 20, SplitReader.Mode.LINE, 1 << 20));
    }

    @Test
    void truncatedGzipKeepsWhatWasReadAndReportsCorruptInput() throws IOException {
        Path gz = dir.resolve("t.txt.gz");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            sb.append("line number ").append(i).append(" with some words\n");
        }
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = Files.readAllBytes(gz);
        InputSplit whole = new InputSplit(0, gz.toUri().toString(), 0, all.length, all.length, true);
        List<String> ok = new ArrayList<>();
        try (SplitReader r = new SplitReader(whole, conf, SplitReader.Mode.LINE, 1 << 20)) {
            r.forEachRemaining(x -> ok.add(new String(x.bytes(), StandardCharsets.UTF_8)));
        }
        assertEquals(20000, ok.size());
        Files.write(gz, Arrays.copyOf(all, all.length / 2));
        InputSplit half = new InputSplit(0, gz.toUri().toString(), 0, all.length / 2, all.length / 2, true);
        List<RawRecord> got = new ArrayList<>();
        try (SplitReader r = new SplitReader(half, conf, SplitReader.Mode.LINE, 1 << 20)) {
            r.forEachRemaining(got::add);
        }
        RawRecord last = got.get(got.size() - 1);
        assertEquals(SplitReader.CORRUPT_INPUT, last.reason());
        assertTrue(got.size() > 1000 && got.size() < 20000, "read " + got.size());
        for (int i = 0; i < got.size() - 2; i++) {
            assertEquals("line number " + i + " with some words", new String(got.get(i).bytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void missingFileIsUnreadableNotACrash() {
        InputSplit sp = new InputSplit(0, dir.resolve("nope.txt").toUri().toString(), 0, 10, 10, false);
        try (SplitReader r = new SplitReader(sp, conf, SplitReader.Mode.LINE, 100)) {
            assertTrue(r.hasNext());
            assertEquals(SplitReader.UNREADABLE_FILE, r.next().reason());
            assertFalse(r.hasNext());
        } catch (IOException e) {
            fail(e);
        }
    }
}
