package io.sparklm.prep.clean;

import java.util.Map;
import java.util.Set;

/**
 * Small, linear-time HTML-to-text converter for web pages: drops comments, {@code <script>}, {@code <style>},
 * {@code <head>} bodies and all tags; block-level tags become line breaks; character entities are decoded;
 * runs of spaces collapse to one and blank-line runs to one. Never throws on malformed markup.
 */
public final class HtmlToText {
    private static final Set<String> SKIP_BODY = Set.of("script", "style", "head", "noscript", "template", "svg");
    private static final Set<String> BLOCK = Set.of("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
            "h5", "h6", "tr", "table", "pre", "blockquote", "section", "article", "header", "footer", "nav", "dt",
            "dd", "dl", "hr", "title", "body", "html", "main", "aside", "figure", "figcaption", "form");
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("ndash", "\u2013"),
            Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"), Map.entry("copy", "\u00a9"),
            Map.entry("reg", "\u00ae"), Map.entry("trade", "\u2122"), Map.entry("lsquo", "\u2018"),
            Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201c"), Map.entry("rdquo", "\u201d"),
            Map.entry("para", "\u00b6"), Map.entry("sect", "\u00a7"), Map.entry("middot", "\u00b7"),
            Map.entry("times", "\u00d7"), Map.entry("laquo", "\u00ab"), Map.entry("raquo", "\u00bb"),
            Map.entry("bull", "\u2022"), Map.entry("deg", "\u00b0"), Map.entry("euro", "\u20ac"),
            Map.entry("larr", "\u2190"), Map.entry("rarr", "\u2192"), Map.entry("uarr", "\u2191"));

    private HtmlToText() {}

    public static String convert(String html) {
        StringBuilder out = new StringBuilder(html.length() / 2);
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                if (html.startsWith("<!--", i)) {
                    int e = html.indexOf("-->", i + 4);
                    i = e < 0 ? n : e + 3;
                    continue;
                }
                int e = html.indexOf('>', i + 1);
                if (e < 0) {
                    break; // unterminated tag at the end: drop it
                }
                String name = tagName(html, i + 1, e);
                if (name.isEmpty()) {
                    // "<" not starting a tag (e.g. "a < b"): keep it as text
                    if (i + 1 < n && !Character.isLetter(html.charAt(i + 1)) && html.charAt(i + 1) != '/'
                            && html.charAt(i + 1) != '!' && html.charAt(i + 1) != '?') {
                        out.append('<');
                        i++;
                        continue;
                    }
                    i = e + 1;
                    continue;
                }
                boolean closing = html.charAt(i + 1) == '/';
                if (!closing && SKIP_BODY.contains(name) && html.charAt(e - 1) != '/') {
                    int close = indexOfIgnoreCase(html, "</" + name, e + 1);
                    if (close < 0) {
                        i = n;
                        continue;
                    }
                    int ce = html.indexOf('>', close);
                    i = ce < 0 ? n : ce + 1;
                    continue;
                }
                if (BLOCK.contains(name)) {
                    out.append('\n');
                } else if (name.equals("td") || name.equals("th")) {
                    out.append(' ');
                }
                i = e + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i + 1);
                if (semi > i + 1 && semi - i <= 10) {
                    String dec = entity(html.substring(i + 1, semi));
                    if (dec != null) {
                        out.append(dec);
                        i = semi + 1;
                        continue;
                    }
                }
                out.append('&');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return collapse(out);
    }

    private static String tagName(String s, int from, int to) {
        int i = from;
        if (i < to && s.charAt(i) == '/') {
            i++;
        }
        int start = i;
        while (i < to && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
            i++;
        }
        if (i == start || !Character.isLetter(s.charAt(start))) {
            return "";
        }
        return s.substring(start, i).toLowerCase(java.util.Locale.ROOT);
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        int n = needle.length();
        for (int i = from; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return "\uFFFD";
                }
                return new String(Character.toChars(cp));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(name);
    }

    /** Collapses horizontal whitespace runs to one space, trims lines, and keeps at most one blank line. */
    private static String collapse(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int newlines = 0;
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                newlines++;
                space = false;
            } else if (c == ' ' || c == '\t' || c == '\u00a0' || c == '\f') {
                space = true;
            } else {
                if (out.length() > 0) {
                    if (newlines > 0) {
                        out.append(newlines > 1 ? "\n\n" : "\n");
                    } else if (space) {
                        out.append(' ');
                    }
                }
                newlines = 0;
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }
}
