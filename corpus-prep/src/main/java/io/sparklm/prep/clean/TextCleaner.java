package io.sparklm.prep.clean;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Pure per-record cleaning: raw record bytes to clean text, or a skip reason. Steps: strict UTF-8 decoding
 * ({@code invalid_utf8}), for jsonl the text field of a JSON object ({@code malformed_json}, {@code not_object},
 * {@code missing_field}), optional HTML-to-text, Unicode normalization (NFC/NFKC/none), control-character removal
 * (keeps newline and tab, CR/CRLF become newline), trimming, then length filters in chars ({@code empty},
 * {@code too_short}, {@code too_long}). Thread-safe; serializable so Spark can ship it.
 */
public final class TextCleaner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** Skip reasons, as they appear in manifest.json. */
    public static final String INVALID_UTF8 = "invalid_utf8", MALFORMED_JSON = "malformed_json",
            NOT_OBJECT = "not_object", MISSING_FIELD = "missing_field", EMPTY = "empty", TOO_SHORT = "too_short",
            TOO_LONG = "too_long";

    private final boolean jsonl;
    private final String textField;
    private final boolean html;
    private final String normalize;
    private final int minChars;
    private final int maxChars;

    /** {@code normalize}: "nfc", "nfkc" or "none". Lengths in UTF-16 chars after cleaning. */
    public TextCleaner(boolean jsonl, String textField, boolean html, String normalize, int minChars, int maxChars) {
        this.jsonl = jsonl;
        this.textField = textField;
        this.html = html;
        this.normalize = normalize;
        this.minChars = minChars;
        this.maxChars = maxChars;
    }

    /** Outcome: exactly one of {@code text} and {@code reason} is non-null. */
    public record Result(String text, String reason) {
        static Result skip(String reason) {
            return new Result(null, reason);
        }
    }

    public Result clean(byte[] raw) {
        String s;
        try {
            s = decodeStrict(raw);
        } catch (CharacterCodingException e) {
            return Result.skip(INVALID_UTF8);
        }
        if (jsonl) {
            if (s.isBlank()) {
                return Result.skip(EMPTY);
            }
            Result r = extractField(s);
            if (r.reason() != null) {
                return r;
            }
            s = r.text();
        }
        return cleanText(s);
    }

    /** Cleaning of already-decoded text (HTML, normalization, controls, length filters). */
    public Result cleanText(String s) {
        if (s.length() > (long) maxChars * 8 + 65536) {
            return Result.skip(TOO_LONG); // far beyond any cleaning shrinkage: do not spend time on it
        }
        if (html) {
            s = HtmlToText.convert(s);
        }
        if (!normalize.equals("none")) {
            Normalizer.Form form = normalize.equals("nfkc") ? Normalizer.Form.NFKC : Normalizer.Form.NFC;
            if (!Normalizer.isNormalized(s, form)) {
                s = Normalizer.normalize(s, form);
            }
        }
        s = removeControls(s).strip();
        if (s.isEmpty()) {
            return Result.skip(EMPTY);
        }
        if (s.length() < minChars) {
            return Result.skip(TOO_SHORT);
        }
        if (s.length() > maxChars) {
            return Result.skip(TOO_LONG);
        }
        return new Result(s, null);
    }

    static String decodeStrict(byte[] raw) throws CharacterCodingException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer cb = d.decode(ByteBuffer.wrap(raw));
        String s = cb.toString();
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private Result extractField(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                // a valid JSON value that is not an object vs. garbage
                try {
                    while (p.nextToken() != null) {
                        p.skipChildren();
                    }
                } catch (IOException e) {
                    return Result.skip(MALFORMED_JSON);
                }
                return Result.skip(NOT_OBJECT);
            }
            String found = null;
            boolean present = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(textField) && !present) {
                    present = true;
                    found = v == JsonToken.VALUE_STRING ? p.getText() : null;
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Result.skip(MALFORMED_JSON);
            }
            if (found == null) {
                return Result.skip(MISSING_FIELD);
            }
            return new Result(found, null);
        } catch (IOException e) {
            return Result.skip(MALFORMED_JSON);
        }
    }

    /** Drops C0/C1 controls except tab and newline; CR and CRLF become newline; also drops lone surrogates. */
    static String removeControls(String s) {
        StringBuilder out = null;
        int n = s.length();
        int run = 0;  // start of the pending run of kept chars, copied in one append
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)
                    || (Character.isSurrogate(c) && !validSurrogate(s, i));
            if (bad) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, run, i);
                run = i + 1;
                if (c == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n')) {
                    out.append('\n');  // a lone CR ends a line; CR LF keeps only the LF
                }
            }
        }
        if (out == null) {
            return s;
        }
        return out.append(s, run, n).toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
