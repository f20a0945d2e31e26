package io.sparklm.prep;

import io.sparklm.cli.ExitCodes;
import io.sparklm.prep.testing.LocalSpark;
import io.sparklm.prep.testing.UnreadableFs;
import io.sparklm.shard.Manifest;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No exit 0 with an empty or partial result: an input file that cannot be opened fails corpus-prep and tokenizer
 * training (unless max-unreadable allows it, and then the manifest counts it), a corpus without one training
 * sequence fails, and so does a tokenizer whose vocabulary comes out smaller than asked; each with exit code 7
 * and a one-line message naming the cause.
 */
class LoudFailureTest {
    @TempDir
    java.nio.file.Path dir;

    record Run(int code, String out, String err) {}

    static Run prep(String... args) {
        LocalSpark.get().hadoopConfiguration().set("fs.unreadable.impl", UnreadableFs.class.getName());
        PrepCli.Result r = PrepCli.run(concat("corpus-prep", args));
        return new Run(r.code(), r.out(), r.err());
    }

    static Run tokenizer(String... args) {
        LocalSpark.get().hadoopConfiguration().set("fs.unreadable.impl", UnreadableFs.class.getName());
        PrepCli.Result r = PrepCli.run(concat("tokenizer", args));
        return new Run(r.code(), r.out(), r.err());
    }

    static String[] concat(String first, String... rest) {
        String[] a = new String[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    java.nio.file.Path corpus() throws Exception {
        String text = Files.readString(TestTokenizers.corpusDir().resolve("moby-dick.txt")).substring(0, 200_000);
        java.nio.file.Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.txt"), text.substring(0, 100_000));
        Files.writeString(in.resolve("b.txt"), text.substring(100_000));
        return in;
    }

    @Test
    void anUnreadableInputFileFailsThePrepJobUnlessAllowed() throws Exception {
        java.nio.file.Path in = corpus();
        java.nio.file.Path tok = TestTokenizers.write(TestTokenizers.bpe(Files.readString(in.resolve("a.txt")), 300),
                dir.resolve("tok.json"));
        String unreadable = "unreadable://" + in.resolve("b.txt");
        Run r = prep("--input", in.resolve("a.txt") + "," + unreadable, "--output", dir.resolve("out").toString(),
                "--tokenizer", tok.toString(), "--objective", "clm", "--seq-len", "32", "--seed", "1");
        assertEquals(ExitCodes.BAD_DATA, r.code(), r.err());
        assertTrue(r.err().contains("sparklm corpus-prep: 1 input file(s) could not be opened (max-unreadable=0"), r.err());
        assertFalse(Files.exists(dir.resolve("out/manifest.json")), "no output is committed");

        Run allowed = prep("--input", in.resolve("a.txt") + "," + unreadable, "--output",
                dir.resolve("out").toString(), "--tokenizer", tok.toString(), "--objective", "clm", "--seq-len", "32",
                "--seed", "1", "max-unreadable=1");
        assertEquals(ExitCodes.OK, allowed.code(), allowed.err());
        Manifest m = Manifest.read(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new Path(dir.resolve("out").toUri()));
        assertEquals(1L, m.skipped().get("unreadable_file"), "the manifest accounts for the unreadable file");
    }

    @Test
    void aCorpusWithoutATrainingSequenceFails() throws Exception {
        java.nio.file.Path in = corpus();
        java.nio.file.Path tok = TestTokenizers.write(TestTokenizers.bpe(Files.readString(in.resolve("a.txt")), 300),
                dir.resolve("tok.json"));
        Run r = prep("--input", in.toString(), "--output", dir.resolve("out").toString(), "--tokenizer",
                tok.toString(), "--objective", "clm", "--seq-len", "32", "--seed", "1", "min-chars=1000000");
        assertEquals(ExitCodes.BAD_DATA, r.code(), r.err());
        assertTrue(r.err().contains("sparklm corpus-prep: no training sequences: 0 of 2 records kept"), r.err());
        assertFalse(Files.exists(dir.resolve("out/manifest.json")));
    }

    @Test
    void tokenizerTrainingFailsOnUnreadableInputAndOnASmallerVocabulary() throws Exception {
        java.nio.file.Path in = corpus();
        Run unreadable = tokenizer("train", "--input", in.resolve("a.txt") + ",unreadable://" + in.resolve("b.txt"),
                "--type", "bpe", "--vocab-size", "400", "--output", dir.resolve("tok.json").toString());
        assertEquals(ExitCodes.BAD_DATA, unreadable.code(), unreadable.err());
        assertTrue(unreadable.err().contains("1 input file(s) could not be opened"), unreadable.err());
        assertFalse(Files.exists(dir.resolve("tok.json")));

        Files.writeString(in.resolve("a.txt"), "a small corpus of few words");
        Files.delete(in.resolve("b.txt"));
        Run small = tokenizer("train", "--input", in.toString(), "--type", "bpe", "--vocab-size", "1000",
                "--output", dir.resolve("tok.json").toString());
        assertEquals(ExitCodes.BAD_DATA, small.code(), small.err());
        assertTrue(small.err().contains("1000 were asked"), small.err());
        assertFalse(Files.exists(dir.resolve("tok.json")));
    }
}
