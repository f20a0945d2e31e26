package io.sparklm.train.report;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The training report at the root of a run output: {@code report.html} (see {@link ReportHtml}) and
 * {@code report.png} (the loss against steps, see {@link ReportPng}), both rewritten atomically through the Hadoop
 * FileSystem API from the run's metrics lines whenever {@link #write} is called (every checkpoint, the run's end).
 */
public final class RunReport {
    public static final String HTML = "report.html";
    public static final String PNG = "report.png";

    private final FileSystem fs;
    private final Path output;
    private final RunFacts facts;

    public RunReport(FileSystem fs, Path output, RunFacts facts) {
        this.fs = fs;
        this.output = output;
        this.facts = facts;
    }

    /** Rewrites report.html, then report.png, from {@code metricsLines} (the lines of metrics.jsonl). */
    public void write(List<String> metricsLines) throws IOException {
        ReportData d = ReportData.build(metricsLines, facts);
        HadoopFs.writeAtomically(fs, new Path(output, HTML), ReportHtml.render(d).getBytes(StandardCharsets.UTF_8));
        HadoopFs.writeAtomically(fs, new Path(output, PNG), png(d, facts));
    }

    /** report.png: the loss against steps, titled with the tokens per step. */
    static byte[] png(ReportData d, RunFacts facts) throws IOException {
        String title = String.format(Locale.ROOT, "sparklm: loss against steps (%,d input tokens per step)",
                facts.tokensPerStep());
        return ReportPng.render(d.chart(ReportCharts.LOSS_STEPS), title, ReportPng.WIDTH, ReportPng.HEIGHT);
    }
}
