package io.sparklm.train.report;

import java.util.List;

/** One chart of the report: {@code id} (the HTML element id), a title, both axes and the series drawn. */
public record Chart(String id, String title, Axis x, Axis y, List<Series> series) {
    public Chart {
        series = List.copyOf(series);
    }

    /** The series named {@code name}, or null. */
    public Series series(String name) {
        for (Series s : series) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
