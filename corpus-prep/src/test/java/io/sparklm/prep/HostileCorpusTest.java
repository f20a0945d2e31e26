package io.sparklm.prep;

import io.sparklm.shard.Manifest;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** A generated hostile corpus: every bad record is skipped and counted by reason, nothing crashes or vanishes. */
class HostileCorpusTest {
    @TempDir
    static Path dir;
    static Path in;
    static Path tok;

    static String line(String text) {
        return "{\"id\": 1, \"text\": \"" + text + "\"}\n";
    }

    @BeforeAll
    static void generate() throws IOException {
        in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            good.append(line("Good document number " + i + " about whales and the sea."));
        }
        for (int i = 0; i < 5; i++) {
            good.append(line("Good document number " + i + " about whales and the sea.")); // duplicates
        }
        good.append(line("  Good document number 7 about whales and the sea.  ")); // duplicate after cleaning
        Files.writeString(in.resolve("good.jsonl"), good.toString());

        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        byte[] ff = line("invalid X utf8").getBytes(StandardCharsets.UTF_8);
        ff[27] = (byte) 0xFF; // never valid in UTF-8
        bad.write(ff);
        byte[] inv = line("broken XX bytes here").getBytes(StandardCharsets.UTF_8);
        inv[17] = (byte) 0xC3;
        inv[18] = (byte) 0x28; // invalid continuation
        bad.write(inv);
        bad.write("{\"text\": \"unterminated\n".getBytes(StandardCharsets.UTF_8));
        bad.write("not json at all\n".getBytes(StandardCharsets.UTF_8));
        bad.write("[1, 2, 3]\n".getBytes(StandardCharsets.UTF_8));
        bad.write("42\n".getBytes(StandardCharsets.UTF_8));
        bad.write("{\"title\": \"no text field\"}\n".getBytes(StandardCharsets.UTF_8));
        bad.write("{\"text\": null}\n".getBytes(StandardCharsets.UTF_8));
        bad.write(line("nul \\u0000 escaped inside a fine document").getBytes(StandardCharsets.UTF_8));
        bad.write(("{\"text\": \"raw nul \u0000 byte\"}\n").getBytes(StandardCharsets.UTF_8));
        bad.write("\n   \n".getBytes(StandardCharsets.UTF_8));
        bad.write(line("hi").getBytes(StandardCharsets.UTF_8));
        bad.write(line("\\u0001\\u0002   ").getBytes(StandardCharsets.UTF_8));
        Files.write(in.resolve("sub/bad.jsonl"), bad.toByteArray());
        Files.writeString(in.resolve("empty.jsonl"), "");
        Files.writeString(in.resolve("_SUCCESS"), "hidden files are ignored");

        // one 50 MB line
        try (OutputStream o = Files.newOutputStream(in.resolve("huge.jsonl"))) {
            o.write("{\"text\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                o.write(chunk);
            }
            o.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
            o.write(line("A normal line after the huge one.").getBytes(StandardCharsets.UTF_8));
        }

        // truncated gzip
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 5000; i++) {
                o.write(line("Gzipped line " + i + " of a web dump, long enough to be kept.").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] g = gz.toByteArray();
        Files.write(in.resolve("trunc.jsonl.gz"), Arrays.copyOf(g, g.length / 2));

        // bzip2 through Hadoop's codec
        BZip2Codec bz = new BZip2Codec();
        bz.setConf(new Configuration());
        try (OutputStream o = bz.createOutputStream(Files.newOutputStream(in.resolve("ok.jsonl.bz2")))) {
            for (int i = 0; i < 3; i++) {
                o.write(line("Bzip2 compressed document " + i + ".").getBytes(StandardCharsets.UTF_8));
            }
        }
        String sample = "Good document number about whales and the sea Gzipped line of a web dump long enough to be "
                + "kept Bzip2 compressed nul escaped inside a fine A normal after huge one 0123456789.";
        tok = TestTokenizers.write(TestTokenizers.bpe(sample, 300), dir.resolve("tok.json"));
    }

    @Test
    void everyRecordIsKeptOrSkippedForAReason() throws Exception {
        PrepConfig cfg = PrepTestSupport.config("input=" + in, "output=" + dir.resolve("out"), "tokenizer=" + tok,
                "objective=clm", "seq-len=16", "format=jsonl", "min-chars=5", "max-chars=100000", "seed=1");
        Manifest m = CorpusPrepJob.prepare(LocalSpark.get(), cfg);
        Map<String, Long> sk = m.skipped();
        assertEquals(2, sk.get("invalid_utf8"));
        assertEquals(3, sk.get("malformed_json")); // unterminated, garbage, raw NUL in a string
        assertEquals(2, sk.get("not_object"));
        assertEquals(2, sk.get("missing_field"));
        assertEquals(1, sk.get("too_long"));
        assertEquals(1, sk.get("too_short"));
        assertEquals(3, sk.get("empty")); // blank, whitespace-only, controls only
        assertEquals(6, sk.get("duplicate"));
        assertEquals(1, sk.get("corrupt_input"));
        long gzKept = m.documentsKept() - 30 - 1 - 3 - 1;
        assertTrue(gzKept > 100 && gzKept < 5000, "gzip lines before the truncation are kept: " + gzKept);
        assertEquals(m.documentsRead(), m.documentsKept() + sk.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(m.sequences("train") > 0);
        assertNull(sk.get("unreadable_file"));
    }
}
