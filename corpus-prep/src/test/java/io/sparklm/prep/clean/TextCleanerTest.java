package io.sparklm.prep.clean;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class TextCleanerTest {
    final TextCleaner text = new TextCleaner(false, "text", false, "nfc", 3, 50);
    final TextCleaner json = new TextCleaner(true, "body", true, "nfc", 1, 1000);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reasons() {
        assertEquals("invalid_utf8", text.clean(new byte[]{'a', 'b', (byte) 0xC3, 'c'}).reason());
        assertEquals("invalid_utf8", text.clean(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}).reason()); // surrogate
        assertEquals("empty", text.clean(b(" \n\t ")).reason());
        assertEquals("empty", text.clean(b("\u0000\u0001\u0000")).reason());
        assertEquals("too_short", text.clean(b("ab")).reason());
        assertEquals("too_long", text.clean(b("x".repeat(51))).reason());
        assertEquals("malformed_json", json.clean(b("{\"body\": \"x\"")).reason());
        assertEquals("malformed_json", json.clean(b("{\"body\": \"x\"} trailing")).reason());
        assertEquals("not_object", json.clean(b("[1, 2, 3]")).reason());
        assertEquals("not_object", json.clean(b("\"just a string\"")).reason());
        assertEquals("missing_field", json.clean(b("{\"text\": \"x\"}")).reason());
        assertEquals("missing_field", json.clean(b("{\"body\": 42}")).reason());
        assertEquals("empty", json.clean(b("")).reason());
    }

    @Test
    void cleansControlsNormalizesAndKeepsNewlines() {
        assertEquals("abc\ndef\n\tg", text.clean(b("\uFEFFab\u0000c\r\ndef\r\tg\u0007")).text());
        assertEquals("\u00e9t\u00e9", text.clean(b("e\u0301te\u0301")).text()); // NFC composes
        assertEquals("field value", json.clean(b("{\"x\": {\"body\": 1}, \"body\": \"<p>field&nbsp;value</p>\"}")).text());
    }

    @Test
    void htmlToText() {
        String html = "<html><head><title>T</title><style>p{color:red}</style></head><body>"
                + "<script>var a = '<p>no</p>';</script><h1>Title &amp; more</h1><!-- comment <b>x</b> -->"
                + "<p>First&#32;para &lt;tag&gt; &#x41;&eacute;</p><p>Second   para</p>a < b<div>c</div></body></html>";
        String t = HtmlToText.convert(html);
        assertFalse(t.contains("color") || t.contains("var a") || t.contains("comment") || t.contains("<p>"), t);
        assertTrue(t.contains("Title & more"), t);
        assertTrue(t.contains("First para <tag> A\u00e9"), t);
        assertTrue(t.contains("Second para"), t);
        assertTrue(t.contains("a < b"), t);
        assertEquals("x", HtmlToText.convert("<p>x</p><script>unterminated"));
        assertEquals("y", HtmlToText.convert("y<a href=\"unterminated"));
    }

    @Test
    void htmlToTextDecodesEveryNamedEntityTheOldScannerMissed() {
        // none of these was among the 28 entities the hand-written converter knew
        assertEquals("\u00e9 \u2665 \u00bd \u03b1\u03b2 \u2243 \u00f6 \u2260 \u2102 \u2242\u0338 \u00e6",
                HtmlToText.convert("<p>&eacute; &hearts; &frac12; &alpha;&beta; &sime; &ouml; &ne; &Copf; &NotEqualTilde; "
                        + "&aelig;</p>"));
        assertEquals("\u00a9 2024 AT&T x \uFFFD y", HtmlToText.convert("&copy 2024 AT&T x &#0; y"),
                "legacy entity without ';', a bare '&', a NUL reference");
    }

    @Test
    void htmlToTextParsesAsBrowsersDo() {
        assertEquals("one\n\ntwo", HtmlToText.convert("<p>one<p>two"), "an open <p> is closed by the next");
        assertEquals("a\nb", HtmlToText.convert("a<br>b"), "br: one line break");
        assertEquals("a b\n\nc d", HtmlToText.convert("<table><tr><td>a<td>b<tr><th>c</th><td>d</table>"));
        assertEquals("kept", HtmlToText.convert("<noscript>js off</noscript><template><p>t</p></template>"
                + "<svg><text>drawn</text></svg><!-- c --><![CDATA[ x ]]>kept"));
        assertEquals("li 1\n\nli 2", HtmlToText.convert("<ul><li>li  1<li>li\t2</ul>"));
        assertEquals("", HtmlToText.convert(""));
    }

    /** Char-by-char statement of the rule removeControls implements with bulk copies. */
    static String removeControlsReference(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                if (i + 1 == s.length() || s.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                }
            } else if (!((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F) || Character.isLowSurrogate(c))) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void removeControlsMatchesTheCharByCharRule() {
        String alphabet = "ab \n\t\r\u0000\u0007\u007F\u0085\u009F\u00A0\uD83D\uDE00\u00e9";
        java.util.Random rnd = new java.util.Random(11);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertEquals(removeControlsReference(s), TextCleaner.removeControls(s), () -> s.chars()
                    .mapToObj(c -> String.format("%04x", c)).toList().toString());
        }
        String clean = "no controls here \uD83D\uDE00";
        org.junit.jupiter.api.Assertions.assertSame(clean, TextCleaner.removeControls(clean));
    }
}
