package io.sparklm.prep.clean;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.Set;

/**
 * HTML to text for web pages, parsed as browsers do (jsoup's HTML5 parser): the text of the page without the
 * bodies of {@code head}, {@code script}, {@code style}, {@code noscript}, {@code template} and {@code svg}, and
 * without comments; every character reference decoded (HTML5's named ones, numeric ones); block elements on lines
 * of their own, table cells separated by a space; runs of spaces collapsed to one, lines trimmed, at most one blank
 * line in a row. Never throws on malformed markup.
 */
public final class HtmlToText {
    private static final Set<String> DROPPED = Set.of("head", "script", "style", "noscript", "template", "svg");
    /** Elements that start and end a line; br and hr (void) give one line break. */
    private static final Set<String> BLOCK = Set.of("address", "article", "aside", "blockquote", "body", "br",
            "caption", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
            "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
            "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "title", "tr", "ul");
    private static final Set<String> CELL = Set.of("td", "th");

    private HtmlToText() {}

    public static String convert(String html) {
        StringBuilder out = new StringBuilder(html.length() / 2);
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.getWholeText());
                } else if (node instanceof Element e) {
                    String name = e.normalName();
                    if (DROPPED.contains(name)) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    separate(name, out);
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element e && !e.tag().isSelfClosing()) {
                    separate(e.normalName(), out);
                }
                return FilterResult.CONTINUE;
            }
        }, Jsoup.parse(html));
        return collapse(out);
    }

    private static void separate(String element, StringBuilder out) {
        if (BLOCK.contains(element)) {
            out.append('\n');
        } else if (CELL.contains(element)) {
            out.append(' ');
        }
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
