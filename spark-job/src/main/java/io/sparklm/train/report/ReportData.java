package io.sparklm.train.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, independent of how it is drawn: title, the run's status and config summary
 * (label to text), the full effective config and the charts (see {@link ReportCharts}).
 */
public record ReportData(String title, Map<String, String> status, Map<String, String> configSummary,
                         Map<String, Object> config, List<Chart> charts) {

    /** The report of a run from its metrics.jsonl lines and what the run knows about itself. */
    public static ReportData build(List<String> metricsLines, RunFacts facts) {
        MetricsSeries m = MetricsSeries.parse(metricsLines);
        return new ReportData(facts.title(), ReportSummary.status(m, facts), ReportSummary.config(facts),
                facts.config(), ReportCharts.all(m, facts));
    }

    /** The chart with element id {@code id}; IllegalArgumentException when there is none. */
    public Chart chart(String id) {
        for (Chart c : charts) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no chart " + id);
    }
}
