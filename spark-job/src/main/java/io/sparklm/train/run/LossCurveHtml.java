package io.sparklm.train.run;

import java.util.List;
import java.util.Locale;

/** Renders training and validation loss against step as a self-contained HTML page with an inline SVG chart. */
public final class LossCurveHtml {
    /** One point: step and loss in nats per token. */
    public record Point(long step, double loss) {}

    private static final int W = 800;
    private static final int H = 400;
    private static final int PAD = 50;

    private LossCurveHtml() {}

    public static String render(String title, List<Point> train, List<Point> val) {
        long maxStep = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Point> s : List.of(train, val)) {
            for (Point p : s) {
                if (Double.isFinite(p.loss())) {
                    maxStep = Math.max(maxStep, p.step());
                    lo = Math.min(lo, p.loss());
                    hi = Math.max(hi, p.loss());
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title></head>\n<body style=\"font-family:sans-serif\">\n<h3>").append(esc(title))
                .append("</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"")
                .append(H).append("\">\n<rect x=\"0\" y=\"0\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" fill=\"white\" stroke=\"#ccc\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"12\">%.3f</text>\n", PAD, hi));
        sb.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"12\">%.3f</text>\n", H - PAD, lo));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">step %d</text>\n",
                W - PAD - 60, H - 10, maxStep));
        sb.append(polyline(train, maxStep, lo, hi, "#1f77b4"));
        sb.append(polyline(val, maxStep, lo, hi, "#d62728"));
        sb.append("<text x=\"60\" y=\"20\" font-size=\"12\" fill=\"#1f77b4\">train loss</text>\n")
                .append("<text x=\"160\" y=\"20\" font-size=\"12\" fill=\"#d62728\">validation loss</text>\n")
                .append("</svg>\n</body></html>\n");
        return sb.toString();
    }

    private static String polyline(List<Point> pts, long maxStep, double lo, double hi, String color) {
        StringBuilder sb = new StringBuilder("<polyline fill=\"none\" stroke=\"" + color + "\" points=\"");
        for (Point p : pts) {
            if (!Double.isFinite(p.loss())) {
                continue;
            }
            double x = PAD + (W - 2.0 * PAD) * p.step() / maxStep;
            double y = H - PAD - (H - 2.0 * PAD) * (p.loss() - lo) / (hi - lo);
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return sb.append("\"/>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
