package io.sparklm.prep;

import io.sparklm.cli.CliRun;
import io.sparklm.cli.ExitCodes;
import io.sparklm.tokenizer.Tokenizer;
import io.sparklm.tokenizer.testing.TestTokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sparklm tokenizer encode/decode through the CLI: stdin to stdout, a bad line is exit 7 naming its number. */
class TokenizerCodecCommandTest {
    @TempDir
    Path tmp;

    static CliRun.Result run(String stdin, TokenizerCodecCommand c, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRun.capture(c, args);
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void encodesAndDecodesJsonLines() throws Exception {
        Tokenizer bpe = TestTokenizers.bpe("the cat sat on the mat. the dog sat on the log. ".repeat(20), 300);
        Path f = TestTokenizers.write(bpe, tmp.resolve("tok.json"));
        CliRun.Result enc = run("{\"text\":\"the cat sat\"}\n{\"text\":\"on the log\"}\n",
                TokenizerCodecCommand.encode(), "--tokenizer", f.toString());
        assertEquals(ExitCodes.OK, enc.code(), enc.err());
        assertEquals(2, enc.out().lines().count());
        String first = enc.out().lines().findFirst().orElseThrow();
        assertEquals(java.util.Arrays.toString(bpe.encode("the cat sat", false)).replace(" ", ""), first);
        CliRun.Result dec = run(enc.out(), TokenizerCodecCommand.decode(), "--tokenizer", f.toString());
        assertEquals("{\"text\":\"the cat sat\"}\n{\"text\":\"on the log\"}\n", dec.out(), dec.err());

        CliRun.Result bad = run("{\"text\":\"ok\"}\n{\"txt\":1}\n", TokenizerCodecCommand.encode(),
                "--tokenizer", f.toString());
        assertEquals(ExitCodes.BAD_DATA, bad.code());
        assertEquals("sparklm tokenizer encode: line 2: field \"text\" missing or not a string", bad.err().strip());
        CliRun.Result missing = run("", TokenizerCodecCommand.encode(), "--tokenizer",
                tmp.resolve("none.json").toString());
        assertEquals(ExitCodes.CONFIG, missing.code());
        assertTrue(missing.err().startsWith("sparklm tokenizer encode: not found: "), missing.err());
        assertEquals(ExitCodes.CONFIG, run("", TokenizerCodecCommand.encode(), "--tokenizer", f.toString(),
                "--skip-special-tokens").code(), "a decode key on encode");
    }
}
