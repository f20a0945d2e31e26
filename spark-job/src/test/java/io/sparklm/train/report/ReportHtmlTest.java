package io.sparklm.train.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html without a browser: self-contained, deterministic, its data intact and safely embedded. */
class ReportHtmlTest {
    @Test
    void pageInlinesEverythingItNeeds() throws Exception {
        String html = ReportHtml.render(ReportData.build(ReportFixtures.lines(true),
                ReportFixtures.facts(ReportFixtures.baseline())));
        assertTrue(html.contains(UPlotAssets.JS) && html.contains(UPlotAssets.CSS) && html.contains(UPlotAssets.REPORT_JS));
        assertTrue(UPlotAssets.JS.contains("uPlot") && UPlotAssets.JS.length() > 20_000, "uPlot's build, inlined");
        assertFalse(java.util.regex.Pattern.compile("<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=")
                .matcher(html).find(), "no external script, style or image");
        assertEquals(ReportHtml.render(ReportData.build(ReportFixtures.lines(true),
                ReportFixtures.facts(ReportFixtures.baseline()))), html, "the same data, the same bytes");
        assertTrue(html.contains("<th>best validation loss</th>"), "status table");
        assertTrue(html.contains("<th>d-model</th><td>64</td>"), "config summary");
        assertTrue(html.contains("&quot;unlisted-key&quot; : &quot;x&quot;"), "the full config, escaped");
    }

    @Test
    void chartDataRoundTripsAndCannotCloseItsScriptElement() throws Exception {
        RunFacts f = new RunFacts("file:///runs/</script><b>x", java.util.Map.of(), 1, null);
        ReportData d = ReportData.build(ReportFixtures.lines(true), f);
        String json = ReportHtml.chartsJson(d);
        assertFalse(json.contains("<"));
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode c = root.get("charts").get(0);
        assertEquals(ReportCharts.LOSS_STEPS, c.get("id").asText());
        assertEquals("loss (nats/token)", c.get("y").get("title").asText());
        JsonNode val = c.get("series").get(1);
        assertEquals("line_and_points", val.get("style").asText());
        assertEquals(List.of(0.0, 100.0, 200.0, 300.0),
                new ObjectMapper().convertValue(val.get("x"), List.class));
        String html = ReportHtml.render(d);
        assertFalse(html.contains("<b>x"), "the title is escaped");
        assertEquals(3, html.split("</script>", -1).length - 1, "exactly the page's three script elements end");
    }
}
