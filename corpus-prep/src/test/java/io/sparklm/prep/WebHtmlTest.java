package io.sparklm.prep;

import io.sparklm.shard.Manifest;
import io.sparklm.shard.ShardRecord;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Real web pages (Python docs HTML as JSON lines): HTML is stripped before tokenization. */
class WebHtmlTest {
    @TempDir
    Path dir;

    @Test
    void htmlPagesBecomeTextShards() throws Exception {
        Path src = TestTokenizers.corpusDir().resolve("web/pydocs.jsonl");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(src)) {
            String l;
            while ((l = r.readLine()) != null && lines.size() < 40) {
                lines.add(l);
            }
        }
        Path in = dir.resolve("pages.jsonl");
        Files.write(in, lines);
        String sample = String.join("\n", lines);
        io.sparklm.prep.clean.TextCleaner cleaner = new io.sparklm.prep.clean.TextCleaner(true, "html", true, "nfc", 1,
                10_000_000);
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            String t = cleaner.clean(l.getBytes(java.nio.charset.StandardCharsets.UTF_8)).text();
            if (t != null) text.append(t).append('\n');
        }
        assertTrue(sample.contains("<div"));
        Tokenizer tok = TestTokenizers.bpe(text.toString(), 1000);
        Path tokFile = TestTokenizers.write(tok, dir.resolve("tok.json"));
        Manifest m = CorpusPrepJob.prepare(LocalSpark.get(), PrepTestSupport.config("input=" + in,
                "output=" + dir.resolve("out"), "tokenizer=" + tokFile, "objective=clm", "seq-len=256", "seed=3",
                "format=jsonl", "text-field=html", "html=true"));
        assertEquals(40, m.documentsRead());
        assertEquals(m.documentsRead(), m.documentsKept() + m.skipped().values().stream().mapToLong(Long::longValue).sum());
        StringBuilder decoded = new StringBuilder();
        for (ShardRecord r : PrepTestSupport.records(dir.resolve("out").toUri().toString(), "train")) {
            decoded.append(tok.decode(r.inputIds(), true));
        }
        String d = decoded.toString();
        assertTrue(d.length() > 10_000);
        assertTrue(d.contains("Python"), "real text survives");
        for (String markup : List.of("<div", "<script", "</p>", "&amp;", "<span", "class=\"")) {
            assertFalse(d.contains(markup), "markup left: " + markup);
        }
    }
}
