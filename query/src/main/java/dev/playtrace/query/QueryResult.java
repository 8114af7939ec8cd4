package dev.playtrace.query;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The answer to one {@link Query}: rows already kept, sorted and paged as the query said, and how many rows there are
 * over all pages. Facades only format it.
 *
 * @param metrics the metrics of the rows' values, in order, each with the measurement that was computed
 */
public record QueryResult(List<ResolvedMetric> metrics, List<ResultRow> rows, long totalRowCount) {
    public QueryResult {
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /** The single row of a query with no grouping and no granularity. */
    public ResultRow total() {
        if (rows.size() != 1) {
            throw new IllegalStateException("a total has one row, this result has " + rows.size());
        }
        return rows.getFirst();
    }

    /** A metric of the result with the measurement that was computed for it. */
    public record ResolvedMetric(MetricDescription description, Measurement measurement) {
        public ResolvedMetric {
            requireNonNull(description, "description is null");
            requireNonNull(measurement, "measurement is null");
        }
    }
}
