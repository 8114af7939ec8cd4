package dev.playtrace.query;

import static java.util.Objects.requireNonNull;

/**
 * How the rows of a {@link QueryResult} are ordered. Rows whose sort value is null come last in either direction;
 * ties go to the smaller group value, then to the earlier bucket.
 *
 * @param metricIndex which of the query's metrics {@link OrderBy#VALUE} and {@link OrderBy#NEGATIVE_IMPACT} refer to
 */
public record Sort(OrderBy by, int metricIndex, boolean descending) {
    public Sort {
        requireNonNull(by, "by is null");
        if (metricIndex < 0) {
            throw new IllegalArgumentException("metricIndex must not be negative, was " + metricIndex);
        }
    }

    public static Sort by(OrderBy by, boolean descending) {
        return new Sort(by, 0, descending);
    }

    public static Sort byMetric(int metricIndex, boolean descending) {
        return new Sort(OrderBy.VALUE, metricIndex, descending);
    }
}
