package io.sparklm.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accuracy, per-class precision/recall/F1 and macro-F1 against hand-computed values. */
class ClassMetricsTest {
    @Test
    void threeClassesByHand() {
        // rows true, columns predicted
        ClassMetrics m = new ClassMetrics(List.of("a", "b", "c"), new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}});
        assertEquals(16, m.total());
        assertEquals(12.0 / 16, m.accuracy(), 1e-12);
        assertEquals(5.0 / 7, m.precision(0), 1e-12);
        assertEquals(3.0 / 4, m.precision(1), 1e-12);
        assertEquals(4.0 / 5, m.precision(2), 1e-12);
        assertEquals(5.0 / 6, m.recall(0), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(1.0, m.recall(2), 1e-12);
        assertEquals(50.0 / 65, m.f1(0), 1e-12);
        assertEquals(0.6, m.f1(1), 1e-12);
        assertEquals(8.0 / 9, m.f1(2), 1e-12);
        assertEquals((50.0 / 65 + 0.6 + 8.0 / 9) / 3, m.macroF1(), 1e-12);
        assertEquals(6, m.support(1));
    }

    @Test
    void aClassNeverPredictedScoresZeroAndCountsInTheMacroMean() {
        // a majority-class predictor: 9 of 10 right, but the minority class has F1 0
        ClassMetrics m = new ClassMetrics(List.of("ham", "spam"), new long[][] {{9, 0}, {1, 0}});
        assertEquals(0.9, m.accuracy(), 1e-12);
        assertEquals(0, m.precision(1), 0);
        assertEquals(0, m.recall(1), 0);
        assertEquals(0, m.f1(1), 0);
        assertEquals(2 * 0.9 * 1.0 / 1.9 / 2, m.macroF1(), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void metricsLineAndReportCarryEveryNumber() {
        ClassMetrics m = new ClassMetrics(List.of("ham", "spam"), new long[][] {{3, 1}, {0, 2}});
        Map<String, Object> x = m.extras();
        assertEquals(List.of("val_acc", "val_macro_f1", "val_classes", "val_confusion"), List.copyOf(x.keySet()));
        assertEquals(5.0 / 6, (double) x.get("val_acc"), 1e-12);
        Map<String, Object> spam = (Map<String, Object>) ((Map<String, Object>) x.get("val_classes")).get("spam");
        assertEquals(2.0 / 3, (double) spam.get("precision"), 1e-12);
        assertEquals(2L, spam.get("support"));
        Map<String, Object> cm = (Map<String, Object>) x.get("val_confusion");
        assertEquals(List.of(List.of(3L, 1L), List.of(0L, 2L)), cm.get("matrix"));
        List<String> report = m.report();
        assertTrue(report.get(0).contains("accuracy 0.8333"), report.toString());
        assertTrue(report.get(report.size() - 1).matches(" +spam +0 +2"), report.toString());
        assertTrue(Double.isNaN(new ClassMetrics(List.of("a", "b"), new long[2][2]).accuracy()));
    }
}
