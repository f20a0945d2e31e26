package io.sparklm.prep;

import io.sparklm.shard.Manifest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.shard.ShardRecord;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** MLM end to end on real text with a WordPiece tokenizer: BERT layout, masking statistics, determinism. */
class MlmJobTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path wp;
    static Tokenizer tok;

    @BeforeAll
    static void setUp() throws IOException {
        corpus = dir.resolve("moby");
        Files.createDirectories(corpus);
        String text = Files.readString(TestTokenizers.corpusDir().resolve("moby-dick.txt"));
        String[] chapters = text.split("(?=CHAPTER \\d+\\.)");
        StringBuilder all = new StringBuilder();
        for (int i = 30; i < 42; i++) {
            Files.writeString(corpus.resolve("ch" + i + ".txt"), chapters[i]);
            all.append(chapters[i]);
        }
        tok = TestTokenizers.wordPiece(all.toString(), 500);
        wp = TestTokenizers.write(tok, dir.resolve("wp.json"));
    }

    static PrepConfig mlm(String out, String... extra) {
        List<String> kv = new java.util.ArrayList<>(List.of("input=" + corpus, "output=" + dir.resolve(out),
                "tokenizer=" + wp, "objective=mlm", "seq-len=64", "seed=11", "doc-split=file",
                "validation-fraction=0.1", "dupe-factor=2", "mlm-group-docs=16"));
        kv.addAll(List.of(extra));
        return PrepTestSupport.config(kv.toArray(new String[0]));
    }

    @Test
    void staticMaskingMatchesBertStatistics() throws Exception {
        Manifest m = CorpusPrepJob.prepare(LocalSpark.get(), mlm("static"));
        assertEquals("mlm", m.objective());
        assertEquals("static", m.masking());
        List<ShardRecord> train = PrepTestSupport.records(dir.resolve("static").toUri().toString(), "train");
        assertEquals(m.sequences("train"), train.size());
        assertTrue(train.size() > 200, "instances: " + train.size());
        int cls = tok.tokenToId("[CLS]"), sep = tok.tokenToId("[SEP]"), pad = tok.tokenToId("[PAD]");
        for (ShardRecord r : train) {
            assertEquals(cls, r.inputIds()[0]);
            assertNotNull(r.labels());
            assertTrue(r.nspLabel() == 0 || r.nspLabel() == 1);
            boolean seenPad = false;
            for (int i = 0; i < 64; i++) {
                if (r.inputIds()[i] == pad) seenPad = true;
                else assertFalse(seenPad, "padding only at the tail");
            }
            assertEquals(2, java.util.Arrays.stream(r.inputIds()).filter(x -> x == sep).count());
        }
        ObjectNode s = Inspect.stats(dir.resolve("static").toString());
        double masked = s.path("masked_fraction").asDouble();
        assertTrue(masked > 0.10 && masked < 0.17, "masked fraction " + masked);
        assertEquals(0.8, s.path("mask_token_fraction").asDouble(), 0.04);
        assertEquals(0.1, s.path("random_token_fraction").asDouble(), 0.03);
        assertEquals(0.1, s.path("kept_token_fraction").asDouble(), 0.03);
        // BERT: random B with probability 0.5, and always when the chunk has a single segment
        double nspRandom = s.path("nsp_random_fraction").asDouble();
        assertTrue(nspRandom > 0.4 && nspRandom < 0.8, "nsp random fraction " + nspRandom);
        assertTrue(s.path("padding_fraction").asDouble() > 0.0);
        // manifest bytes must not depend on the JVM: masking_counts in its documented order (Map.of's order
        // varies from JVM to JVM)
        var counts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("static").resolve("manifest.json").toFile()).findValue("masking_counts");
        assertNotNull(counts, "manifest has masking_counts");
        List<String> names = new java.util.ArrayList<>();
        counts.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("masked", "mask_token", "random_token", "kept_token", "padding"), names);
    }

    @Test
    void staticNspOutputIsPartitionIndependent() throws Exception {
        CorpusPrepJob.prepare(LocalSpark.get(), mlm("det1", "partitions=1", "whole-word-mask=true"));
        CorpusPrepJob.prepare(LocalSpark.get(), mlm("det8", "partitions=8", "whole-word-mask=true"));
        var a = CorpusPrepJobTest.shardBytes(dir.resolve("det1"));
        var b = CorpusPrepJobTest.shardBytes(dir.resolve("det8"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void dynamicMaskingStoresCleanSequences() throws Exception {
        Manifest m = CorpusPrepJob.prepare(LocalSpark.get(), mlm("dyn", "masking=dynamic", "nsp=false"));
        assertEquals("dynamic", m.masking());
        int mask = tok.tokenToId("[MASK]");
        int sep = tok.tokenToId("[SEP]");
        List<ShardRecord> recs = PrepTestSupport.records(dir.resolve("dyn").toUri().toString(), "train");
        assertFalse(recs.isEmpty());
        for (ShardRecord r : recs) {
            assertNull(r.labels());
            assertEquals(-1, r.nspLabel());
            assertTrue(java.util.Arrays.stream(r.inputIds()).noneMatch(x -> x == mask));
            assertEquals(1, java.util.Arrays.stream(r.inputIds()).filter(x -> x == sep).count());
            assertTrue(java.util.Arrays.stream(r.segmentIds()).allMatch(x -> x == 0));
        }
    }
}
