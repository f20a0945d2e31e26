package io.sparklm.train.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.util.Locale;

/**
 * Draws one {@link Chart} as a PNG with XChart (Java2D, no display needed; fonts come from fontconfig, which
 * every Debian JRE depends on): both axes with their titles, ticks and a grid, the series styled as in the HTML
 * page, the axis ranges as given.
 */
public final class ReportPng {
    /** Width and height of {@code report.png} in pixels. */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 560;

    private ReportPng() {}

    /** The chart as PNG bytes of {@code width} x {@code height} pixels, under {@code title}. */
    public static byte[] render(Chart c, String title, int width, int height) throws IOException {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(c.x().title()).yAxisTitle(c.y().title()).build();
        style(chart, c);
        boolean any = false;
        for (Series s : c.series()) {
            if (s.size() == 0) {
                continue;
            }
            any = true;
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            Color color = Color.decode(s.color());
            xy.setLineColor(color);
            xy.setMarkerColor(color);
            boolean line = s.style() != Series.Style.POINTS;
            xy.setXYSeriesRenderStyle(line ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
            boolean points = s.style() == Series.Style.POINTS || s.style() == Series.Style.LINE_AND_POINTS;
            xy.setMarker(points ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.style() == Series.Style.BASELINE) {
                xy.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        if (!any) {
            chart.getStyler().setLegendVisible(false);
            chart.addSeries("no data yet", new double[] {c.x().min()}, new double[] {c.y().min()})
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(XYChart chart, Chart c) {
        chart.getStyler().setLocale(Locale.ROOT);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBorderColor(Color.GRAY);
        chart.getStyler().setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisMin(c.x().min());
        chart.getStyler().setXAxisMax(c.x().max());
        chart.getStyler().setYAxisMin(c.y().min());
        chart.getStyler().setYAxisMax(c.y().max());
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        chart.getStyler().setYAxisDecimalPattern(c.y().max() < 0.01 ? "0.0E0" : "#,##0.0#");
    }
}
