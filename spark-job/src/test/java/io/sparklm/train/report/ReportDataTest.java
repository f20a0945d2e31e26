package io.sparklm.train.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data a report is drawn from: series, axis ranges and titles, the baseline, the status lines. */
class ReportDataTest {
    @Test
    void lossSeriesAgainstStepsAndTokensWithTheBaselineAcrossTheAxis() throws Exception {
        ReportData d = ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(ReportFixtures.baseline()));
        assertEquals(List.of(ReportCharts.LOSS_STEPS, ReportCharts.LOSS_TOKENS, ReportCharts.LR,
                ReportCharts.THROUGHPUT), d.charts().stream().map(Chart::id).toList());
        Chart steps = d.chart(ReportCharts.LOSS_STEPS);
        Series train = steps.series(ReportCharts.TRAIN);
        assertEquals(29, train.size(), "30 train lines, the null loss at step 150 left out");
        assertEquals(10, train.x()[0]);
        assertEquals(5 + 3 * Math.exp(-10 / 60.0), train.y()[0], 1e-12);
        assertTrue(java.util.Arrays.stream(train.x()).noneMatch(x -> x == 150));
        Series val = steps.series(ReportCharts.VALIDATION);
        assertArrayEquals(new double[] {0, 100, 200, 300}, val.x());
        assertEquals(Math.log(4096), val.y()[0], 1e-12);
        assertEquals(Series.Style.LINE_AND_POINTS, val.style(), "4 validation points: points and a line");
        Series base = steps.series(ReportCharts.BASELINE);
        assertEquals(Series.Style.BASELINE, base.style());
        assertArrayEquals(new double[] {0, 300}, base.x(), "the baseline spans the x axis");
        assertArrayEquals(new double[] {ReportFixtures.BASELINE, ReportFixtures.BASELINE}, base.y());

        assertEquals(new Axis("step (optimizer updates)", 0, 300), steps.x());
        double lo = 5 + 3 * Math.exp(-5);
        double hi = Math.log(4096);
        double pad = (hi - lo) * Axis.PAD;
        assertEquals(lo - pad, steps.y().min(), 1e-12);
        assertEquals(hi + pad, steps.y().max(), 1e-12);
        assertEquals("loss (nats/token)", steps.y().title());

        Chart tokens = d.chart(ReportCharts.LOSS_TOKENS);
        assertEquals(new Axis("input tokens (tokens)", 0, 300 * ReportFixtures.TOKENS_PER_STEP), tokens.x());
        assertEquals(100.0 * ReportFixtures.TOKENS_PER_STEP, tokens.series(ReportCharts.VALIDATION).x()[1]);
        assertEquals(10.0 * ReportFixtures.TOKENS_PER_STEP, tokens.series(ReportCharts.TRAIN).x()[0]);
        assertArrayEquals(new double[] {0, 300 * ReportFixtures.TOKENS_PER_STEP},
                tokens.series(ReportCharts.BASELINE).x());
        assertEquals(steps.y(), tokens.y(), "the same losses: the same y axis");
    }

    @Test
    void aBaselineBelowEveryLossWidensTheRangeAndTwoValidationPointsAreOnlyPoints() throws Exception {
        ReportData d = ReportData.build(ReportFixtures.lines(false),
                ReportFixtures.facts(new UnigramBaseline(3.0, 10, 100, false)));
        Chart steps = d.chart(ReportCharts.LOSS_STEPS);
        double hi = Math.log(4096);
        assertEquals(3.0 - (hi - 3.0) * Axis.PAD, steps.y().min(), 1e-12);
        assertEquals(Series.Style.POINTS, steps.series(ReportCharts.VALIDATION).style(),
                "two validation points: no straight line between them");
        assertTrue(d.status().get("unigram baseline").startsWith("3.0000 nats/token (a sample of 10 of 100"),
                d.status().toString());
    }

    @Test
    void learningRateAndThroughputAgainstStepsFromZero() throws Exception {
        ReportData d = ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(null));
        Chart lr = d.chart(ReportCharts.LR);
        Series s = lr.series("learning rate");
        assertEquals(30, s.size(), "the step whose loss is null still has a learning rate");
        assertEquals(2e-4, s.y()[0], 1e-12);
        assertEquals(new Axis("step (optimizer updates)", 10, 300), lr.x());
        assertEquals(0, lr.y().min());
        assertEquals(1e-3 * (1 + Axis.PAD), lr.y().max(), 1e-12);
        Chart tps = d.chart(ReportCharts.THROUGHPUT);
        assertEquals("throughput (tokens/s)", tps.y().title());
        assertEquals(0, tps.y().min());
        assertEquals(8200 * (1 + Axis.PAD), tps.y().max(), 1e-9);
        assertNull(d.chart(ReportCharts.LOSS_STEPS).series(ReportCharts.BASELINE), "no baseline measured");
    }

    @Test
    void statusNamesTheLastAndBestValidationLossAndTheBaseline() throws Exception {
        ReportData d = ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(ReportFixtures.baseline()));
        assertEquals("sparklm training report: file:///runs/test", d.title());
        assertEquals("300", d.status().get("steps"));
        assertEquals("1,228,800 (4,096 per step)", d.status().get("input tokens"));
        double last = 5.1 + 3 * Math.exp(-5);
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f nats/token at step 300, perplexity %.2f", last,
                Math.exp(last)), d.status().get("last validation loss"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f nats/token at step 300", last),
                d.status().get("best validation loss"));
        assertEquals("8.3178 nats/token at step 0", d.status().get("validation loss at step 0"));
        assertEquals("6.5000 nats/token (all 1,000 training tokens)", d.status().get("unigram baseline"));
        assertTrue(d.status().get("throughput").startsWith("8,"), d.status().toString());
        assertEquals(List.of("family", "parameters", "n-layers", "d-model", "lr"),
                List.copyOf(d.configSummary().keySet()), "summary keys in their fixed order, unlisted ones left out");
        assertEquals("1,234,567", d.configSummary().get("parameters"));
        assertEquals("not measured", ReportData.build(ReportFixtures.lines(true), ReportFixtures.facts(null))
                .status().get("unigram baseline"));
    }

    @Test
    void bestValidationLossIsTheLowestNotTheLast() {
        List<String> lines = List.of("{\"step\":0,\"val_loss\":8.0,\"val_ppl\":2980.9}",
                "{\"step\":10,\"val_loss\":4.0,\"val_ppl\":54.6}", "{\"step\":20,\"val_loss\":4.5,\"val_ppl\":90.0,"
                        + "\"val_mlm_acc\":0.25}");
        ReportData d = ReportData.build(lines, ReportFixtures.facts(null));
        assertEquals("4.0000 nats/token at step 10", d.status().get("best validation loss"));
        assertTrue(d.status().get("last validation loss").startsWith("4.5000 nats/token at step 20"));
        assertEquals("0.2500 at step 20", d.status().get("last masked-token accuracy"));
    }

    @Test
    void noLinesYetGiveEmptySeriesOnUnitAxes() {
        ReportData d = ReportData.build(List.of(), ReportFixtures.facts(ReportFixtures.baseline()));
        Chart steps = d.chart(ReportCharts.LOSS_STEPS);
        assertEquals(0, steps.series(ReportCharts.TRAIN).size());
        assertEquals(new Axis("step (optimizer updates)", 0, 1), steps.x());
        assertEquals(ReportFixtures.BASELINE - 0.5, steps.y().min(), 1e-12, "only the baseline: +-0.5 around it");
        assertEquals("none logged", d.status().get("steps"));
    }
}
