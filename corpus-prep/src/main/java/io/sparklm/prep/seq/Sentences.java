package io.sparklm.prep.seq;

import java.util.ArrayList;
import java.util.List;

/** Splits text into sentence-like segments for MLM pairs: at newlines and after . ! ? followed by whitespace; segments keep their leading whitespace so their concatenation is the text. */
public final class Sentences {
    private Sentences() {}

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean cut = c == '\n'
                    || ((c == '.' || c == '!' || c == '?') && i + 1 < n && Character.isWhitespace(text.charAt(i + 1)));
            if (cut) {
                add(out, text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < n) {
            add(out, text.substring(start));
        }
        return out;
    }

    private static void add(List<String> out, String s) {
        if (!s.isBlank()) {
            out.add(s);
        } else if (!out.isEmpty()) {
            out.set(out.size() - 1, out.get(out.size() - 1) + s);
        }
    }
}
