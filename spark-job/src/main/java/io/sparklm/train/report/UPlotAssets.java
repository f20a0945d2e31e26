package io.sparklm.train.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * uPlot (https://github.com/leeoniya/uPlot, MIT), the chart library the HTML report inlines: its minified IIFE
 * build and stylesheet read from the {@code org.webjars.npm:uplot} webjar on the class path, and the report's
 * own drawing script ({@code report.js} next to this class). Read once per JVM.
 */
public final class UPlotAssets {
    private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String DIST = "META-INF/resources/webjars/uplot/%s/dist/";

    /** The webjar's uPlot version, e.g. "1.6.30". */
    public static final String VERSION = version();
    /** uPlot's minified script (defines the global {@code uPlot}). */
    public static final String JS = text(String.format(DIST, VERSION) + "uPlot.iife.min.js");
    /** uPlot's stylesheet. */
    public static final String CSS = text(String.format(DIST, VERSION) + "uPlot.min.css");
    /** The report's script: draws the charts from the page's JSON data with uPlot. */
    public static final String REPORT_JS = text("io/sparklm/train/report/report.js");

    private UPlotAssets() {}

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = open(POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(POM + ": " + e.getMessage(), e);
        }
        return p.getProperty("version");
    }

    private static String text(String resource) {
        try (InputStream in = open(resource)) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(resource + " contains </script and cannot be inlined");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = UPlotAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("not on the class path (the org.webjars.npm:uplot dependency of spark-job)");
        }
        return in;
    }
}
