package io.sparklm.train.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * report.html rendered by headless Chromium (skipped when no Chromium is installed; Debian: apt-get install
 * chromium): every chart is drawn by uPlot with both axes titled and ticked inside their ranges and every series
 * with all its points, read from the attributes report.js writes after drawing.
 */
class ReportBrowserTest {
    private static final Pattern ATTR = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

    @TempDir
    Path tmp;

    @Test
    void chromiumDrawsEveryChartWithAxesTicksAndSeries() throws Exception {
        var browser = HeadlessChromium.find();
        assumeTrue(browser.isPresent(), "no Chromium (looked for /usr/bin/chromium and " + HeadlessChromium.NAMES
                + " on the PATH): the browser render test is skipped; Debian: apt-get install -y chromium");
        ReportData d = ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(ReportFixtures.baseline()));
        Path page = tmp.resolve("report.html");
        Files.writeString(page, ReportHtml.render(d), StandardCharsets.UTF_8);
        String dom = HeadlessChromium.dumpDom(browser.get(), page, tmp);

        assertEquals("4", attributes(dom, "body", null).get("data-charts-drawn"), "every chart drawn");
        for (Chart c : d.charts()) {
            Map<String, String> a = attributes(dom, "div", c.id());
            assertEquals("1", a.get("data-drawn"), c.id());
            assertEquals(c.x().title(), a.get("data-x-label"));
            assertEquals(c.y().title(), a.get("data-y-label"));
            assertTicks(c.id() + " x", a.get("data-x-ticks"), c.x());
            assertTicks(c.id() + " y", a.get("data-y-ticks"), c.y());
            double[] xr = numbers(a.get("data-x-range"));
            assertEquals(c.x().min(), xr[0], 1e-9 * Math.abs(c.x().max()), c.id() + " x range as given");
            assertEquals(c.x().max(), xr[1], 1e-9 * Math.abs(c.x().max()), c.id() + " x range as given");
            double[] yr = numbers(a.get("data-y-range"));
            assertEquals(c.y().min(), yr[0], 1e-9 * Math.abs(c.y().max()), c.id() + " y range as given");
            assertEquals(c.y().max(), yr[1], 1e-9 * Math.abs(c.y().max()), c.id() + " y range as given");
            StringBuilder series = new StringBuilder();
            for (Series s : c.series()) {
                series.append(series.length() == 0 ? "" : ";").append(s.name()).append('=').append(s.size());
            }
            assertEquals(series.toString(), a.get("data-series"), c.id());
        }
        assertTrue(a(dom, d.chart(ReportCharts.LOSS_STEPS)).contains("unigram baseline=2"));
        assertEquals(4, count(dom, "<canvas"), "one canvas per chart");
        assertEquals(4, count(dom, "class=\"u-legend"), "one legend per chart");
        for (String name : List.of(ReportCharts.TRAIN, ReportCharts.VALIDATION, ReportCharts.BASELINE)) {
            assertTrue(dom.contains(">" + name + "<"), "legend entry " + name);
        }
    }

    private static String a(String dom, Chart c) {
        return attributes(dom, "div", c.id()).get("data-series");
    }

    /** At least three ticks, ascending, inside the axis range. */
    private static void assertTicks(String what, String ticks, Axis axis) {
        double[] t = numbers(ticks);
        assertTrue(t.length >= 3, what + ": ticks " + ticks);
        double eps = 1e-9 * Math.max(Math.abs(axis.min()), Math.abs(axis.max()));
        for (int i = 0; i < t.length; i++) {
            assertTrue(t[i] >= axis.min() - eps && t[i] <= axis.max() + eps, what + ": tick " + t[i] + " in " + axis);
            assertTrue(i == 0 || t[i] > t[i - 1], what + ": ascending " + ticks);
        }
    }

    private static double[] numbers(String csv) {
        assertTrue(csv != null && !csv.isEmpty(), "a value");
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The attributes of the first {@code tag} element (with {@code id} when given) in the serialized DOM. */
    private static Map<String, String> attributes(String dom, String tag, String id) {
        Matcher m = Pattern.compile("<" + tag + "\\b([^>]*)>").matcher(dom);
        while (m.find()) {
            Map<String, String> out = new LinkedHashMap<>();
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                out.put(a.group(1), a.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&amp;", "&"));
            }
            if (id == null || id.equals(out.get("id"))) {
                return out;
            }
        }
        throw new AssertionError("no <" + tag + (id == null ? "" : " id=" + id) + "> in the DOM");
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
