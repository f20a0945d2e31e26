package io.sparklm.train.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: status and config tables, the full effective
 * config, and the charts drawn in the browser by uPlot from JSON data in the page (library, stylesheet and
 * drawing script inlined: opening the file needs no network). The same data give the same bytes.
 */
public final class ReportHtml {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportHtml() {}

    public static String render(ReportData d) {
        StringBuilder b = new StringBuilder(UPlotAssets.JS.length() + 16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"sparklm (uPlot ").append(UPlotAssets.VERSION)
                .append(")\">\n<title>").append(esc(d.title())).append("</title>\n<style>")
                .append(UPlotAssets.CSS).append("</style>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(esc(d.title())).append("</h1>\n<p class=\"note\">Rewritten at every checkpoint"
                        + " and at the end of the run from <code>metrics.jsonl</code>. Loss: mean cross-entropy of"
                        + " the predicted tokens in nats per token; the unigram baseline is the loss of a model"
                        + " that ignores context.</p>\n");
        b.append("<div class=\"facts-row\">\n");
        table(b, "status", "Status", d.status());
        table(b, "config", "Config", d.configSummary());
        b.append("</div>\n<details><summary>Effective config</summary>\n<pre>").append(esc(pretty(d.config())))
                .append("</pre></details>\n<h2>Charts</h2>\n<noscript>The charts need JavaScript; report.png next"
                        + " to this page shows the loss against steps.</noscript>\n");
        for (Chart c : d.charts()) {
            b.append("<div class=\"chart\" id=\"").append(esc(c.id())).append("\"></div>\n");
        }
        b.append("<script type=\"application/json\" id=\"report-data\">").append(chartsJson(d))
                .append("</script>\n<script>").append(UPlotAssets.JS).append("</script>\n<script>")
                .append(UPlotAssets.REPORT_JS).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}"
            + "h1{font-size:20px}h2{font-size:16px;margin-top:24px}.note{color:#555;font-size:13px}"
            + "table.facts{border-collapse:collapse;font-size:14px}table.facts th{text-align:left;font-weight:normal;"
            + "color:#555;padding:2px 16px 2px 0}table.facts td{padding:2px 0}pre{font-size:12px}"
            + ".chart{margin:12px 0 28px 0}.facts-row{display:flex;flex-wrap:wrap;column-gap:48px}";

    private static void table(StringBuilder b, String id, String heading, Map<String, String> rows) {
        b.append("<section><h2>").append(heading).append("</h2>\n<table class=\"facts\" id=\"").append(id)
                .append("\">\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>\n"));
        b.append("</table></section>\n");
    }

    /** The charts as JSON for report.js; every '<' escaped, so the text cannot end its script element. */
    static String chartsJson(ReportData d) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode charts = root.putArray("charts");
        for (Chart c : d.charts()) {
            ObjectNode o = charts.addObject();
            o.put("id", c.id());
            o.put("title", c.title());
            axis(o.putObject("x"), c.x());
            axis(o.putObject("y"), c.y());
            ArrayNode series = o.putArray("series");
            for (Series s : c.series()) {
                ObjectNode so = series.addObject();
                so.put("name", s.name());
                so.put("style", s.style().name().toLowerCase(Locale.ROOT));
                so.put("color", s.color());
                ArrayNode xs = so.putArray("x");
                ArrayNode ys = so.putArray("y");
                for (int i = 0; i < s.size(); i++) {
                    xs.add(s.x()[i]);
                    ys.add(s.y()[i]);
                }
            }
        }
        try {
            return JSON.writeValueAsString(root).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void axis(ObjectNode o, Axis a) {
        o.put("title", a.title());
        o.put("min", a.min());
        o.put("max", a.max());
    }

    private static String pretty(Map<String, Object> config) {
        try {
            return PRETTY.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
