package io.sparklm.prep;

import io.sparklm.shard.Manifest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparklm.shard.ShardRecord;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.tokenizer.testing.TestTokenizers;
import io.sparklm.tokenizer.Tokenizer;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** End-to-end corpus-prep on Spark local[2], file:// in and out, on real text (Moby-Dick chapters). */
class CorpusPrepJobTest {
    @TempDir
    static Path dir;
    static JavaSparkContext sc;
    static Path corpus;
    static Path bpe;
    static Tokenizer bpeTok;
    static String allText;

    @BeforeAll
    static void setUp() throws IOException {
        sc = LocalSpark.get();
        corpus = dir.resolve("moby");
        Files.createDirectories(corpus);
        Path src = TestTokenizers.corpusDir().resolve("moby-dick.txt");
        String text = Files.exists(src) ? Files.readString(src) : Files.readString(src);
        // 24 chapters as separate files, about 250 KB
        String[] chapters = text.split("(?=CHAPTER \\d+\\.)");
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 24; i++) {
            Files.writeString(corpus.resolve(String.format("ch%03d.txt", i)), chapters[i]);
            all.append(chapters[i]);
        }
        allText = all.toString();
        bpeTok = TestTokenizers.bpe(allText, 400);
        bpe = TestTokenizers.write(bpeTok, dir.resolve("bpe.json"));
    }

    static PrepConfig clm(String out, String... extra) {
        List<String> kv = new ArrayList<>(List.of("input=" + corpus, "output=" + dir.resolve(out), "tokenizer=" + bpe,
                "objective=clm", "seq-len=64", "seed=7", "validation-fraction=0.2", "shard-mb=1"));
        kv.addAll(Arrays.asList(extra));
        return PrepTestSupport.config(kv.toArray(new String[0]));
    }

    @Test
    void clmPacksEveryDocumentTokenWithEosAndAccountsForAll() throws Exception {
        Manifest m = CorpusPrepJob.prepare(sc, clm("clm1"));
        String root = dir.resolve("clm1").toUri().toString();
        assertEquals(24, m.documentsRead());
        assertEquals(m.documentsRead(), m.documentsKept() + m.skipped().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(24, m.documentsKept());
        // expected token count per split, recomputed from the raw files
        long[] perSplit = new long[2];
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path f : files.toList()) {
                String clean = java.text.Normalizer.normalize(Files.readString(f), java.text.Normalizer.Form.NFC).strip();
                String hash = io.sparklm.prep.seq.DocHash.of(clean);
                perSplit[io.sparklm.prep.seq.DocHash.unit(hash) < 0.2 ? 1 : 0] += bpeTok.encode(clean, false).length + 1;
            }
        }
        List<ShardRecord> train = PrepTestSupport.records(root, "train");
        List<ShardRecord> val = PrepTestSupport.records(root, "validation");
        assertEquals(perSplit[0] / 64, train.size());
        assertEquals(perSplit[1] / 64, val.size());
        assertTrue(val.size() > 0 && train.size() > val.size());
        assertEquals(train.size(), m.sequences("train"));
        assertEquals((long) (train.size() + val.size()) * 64, m.tokens());
        int eos = bpeTok.tokenToId("<|endoftext|>");
        long eosCount = 0;
        for (ShardRecord r : train) {
            assertNull(r.labels());
            assertEquals(-1, r.nspLabel());
            int seg = 0;
            for (int i = 0; i < 64; i++) {
                assertEquals(seg, r.segmentIds()[i]);
                if (r.inputIds()[i] == eos) {
                    seg++;
                    eosCount++;
                }
            }
        }
        assertTrue(eosCount >= 1 && eosCount <= 24, "documents end with EOS: " + eosCount);
        // the output is complete and self-describing
        assertTrue(Files.exists(dir.resolve("clm1/tokenizer.json")));
        assertTrue(Files.exists(dir.resolve("clm1/config.json")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("._tmp")), "no temp dir left");
        }
        // windows decode back to the book's text
        String decoded = bpeTok.decode(Arrays.stream(train.get(0).inputIds()).filter(t -> t != eos).toArray(), true);
        assertTrue(allText.contains(decoded.substring(0, 20)), decoded);
    }

    @Test
    void sameShardsWithOneTwoOrEightPartitions() throws Exception {
        List<Map<String, byte[]>> outs = new ArrayList<>();
        for (int p : new int[]{1, 2, 8}) {
            String out = "det" + p;
            CorpusPrepJob.prepare(sc, clm(out, "partitions=" + p, "doc-split=blank-line", "split-mb=1"));
            outs.add(shardBytes(dir.resolve(out)));
        }
        assertFalse(outs.get(0).isEmpty());
        for (int i = 1; i < outs.size(); i++) {
            assertEquals(outs.get(0).keySet(), outs.get(i).keySet());
            for (String k : outs.get(0).keySet()) {
                assertArrayEquals(outs.get(0).get(k), outs.get(i).get(k), k);
            }
        }
        // and a different seed gives a different order
        CorpusPrepJob.prepare(sc, clm("det-seed", "partitions=2", "doc-split=blank-line", "seed=8"));
        Map<String, byte[]> other = shardBytes(dir.resolve("det-seed"));
        assertFalse(Arrays.equals(outs.get(0).get("train/shard-00000.bin"), other.get("train/shard-00000.bin")));
    }

    static Map<String, byte[]> shardBytes(Path root) throws IOException {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString();
                if (rel.endsWith(".bin") || rel.equals("tokenizer.json")) {
                    m.put(rel, Files.readAllBytes(p));
                }
            }
        }
        String manifest = Files.readString(root.resolve("manifest.json"));
        m.put("manifest.shards", manifest.substring(manifest.indexOf("\"shards\"")).split("\"config_hash\"")[0]
                .getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void refusesExistingOutputUnlessOverwrite() throws Exception {
        CorpusPrepJob.prepare(sc, clm("ow"));
        io.sparklm.config.ConfigException e = assertThrows(io.sparklm.config.ConfigException.class,
                () -> CorpusPrepJob.prepare(sc, clm("ow")));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        Manifest m = CorpusPrepJob.prepare(sc, clm("ow", "overwrite=true", "seq-len=32"));
        assertEquals(32, Manifest.read(org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(dir.resolve("ow").toUri())).seqLen());
        assertEquals(32, m.seqLen());
    }

    @Test
    void cliUsageErrorsAndInspect() throws Exception {
        assertEquals(0, cli("--help").rc);
        assertTrue(cli("--help").out.contains("--seq-len"), cli("--help").out);
        Cli bad = cli("--input", corpus.toString(), "--output", dir.resolve("x").toString(), "--tokenizer",
                bpe.toString(), "--objective", "clm", "--seq-len", "64", "--sed", "3");
        assertEquals(2, bad.rc);
        assertTrue(bad.err.contains("sed"), bad.err);
        Cli badVal = cli("--input", corpus.toString(), "--output", dir.resolve("x").toString(), "--tokenizer",
                bpe.toString(), "--objective", "gpt", "--seq-len", "64");
        assertEquals(2, badVal.rc);
        assertTrue(badVal.err.contains("objective"), badVal.err);
        Cli noTok = cli("--input", corpus.toString(), "--output", dir.resolve("x").toString(), "--tokenizer",
                dir.resolve("missing.json").toString(), "--objective", "clm", "--seq-len", "64");
        assertEquals(2, noTok.rc);
        assertTrue(noTok.err.contains("missing.json"), noTok.err);
        Cli mlmWithBpe = cli("--input", corpus.toString(), "--output", dir.resolve("x").toString(), "--tokenizer",
                bpe.toString(), "--objective", "mlm", "--seq-len", "64");
        assertEquals(2, mlmWithBpe.rc);
        assertTrue(mlmWithBpe.err.contains("[CLS]"), mlmWithBpe.err);
        Cli noInput = cli("--input", dir.resolve("nothing-here").toString(), "--output", dir.resolve("x").toString(),
                "--tokenizer", bpe.toString(), "--objective", "clm", "--seq-len", "64");
        assertEquals(2, noInput.rc);
        assertTrue(noInput.err.contains("matches no file"), noInput.err);
        assertFalse(Files.exists(dir.resolve("x")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("._tmp_x")), "failed run cleaned up");
        }

        Cli ok = cli("--input", corpus.toString(), "--output", dir.resolve("cli").toString(), "--tokenizer",
                bpe.toString(), "--objective", "clm", "--seq-len", "64", "--seed", "3");
        assertEquals(0, ok.rc, ok.err);
        assertTrue(ok.out.contains("\"documents\""), ok.out);
        PrepCli.Result ir = PrepCli.run("inspect", "--data", dir.resolve("cli").toString());
        Cli insp = new Cli(ir.code(), ir.out(), ir.err());
        assertEquals(0, insp.rc, insp.err);
        ObjectNode o = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(insp.out);
        assertEquals(24, o.path("documents").path("kept").asLong());
        assertEquals(o.path("sequences").path("train").asLong() + o.path("sequences").path("validation").asLong(),
                o.path("records_read").asLong());
        assertEquals(0.0, o.path("padding_fraction").asDouble());
        assertTrue(o.path("mean_document_tokens").asDouble() > 100);
        double h = o.path("train_unigram_entropy_nats").asDouble();
        assertTrue(h > 1 && h < Math.log(o.path("vocab_size").asDouble()), "unigram entropy in (1, ln V): " + h);
    }

    record Cli(int rc, String out, String err) {}

    static Cli cli(String... args) {
        PrepCli.Result r = PrepCli.run(LoudFailureTest.concat("corpus-prep", args));
        return new Cli(r.code(), r.out(), r.err());
    }
}
