package dev.playtrace.query;

import dev.playtrace.model.Dimension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One row of a {@link QueryResult}: the query's metrics over one set of views (all of them, one group, or one time
 * bucket), with the totals every API shows beside them.
 *
 * @param group the group's (mapped) dimension value; null when the query is not grouped
 * @param bucketStartMs the bucket start; null when the query has no granularity
 * @param values one per metric of the query, in query order; an element is null when that metric is undefined here
 * @param views views of the set: selected by play request, or for a query of concurrency metrics only, views
 *              active in the window
 * @param negativeImpact the first metric's rank when the query asked for ranks, else 0
 * @param attributes most frequent value of each attribute dimension the grouping asked for (absent when none)
 */
public record ResultRow(
        String group,
        Long bucketStartMs,
        List<Double> values,
        long views,
        long watchTimeMs,
        long playingTimeMs,
        int negativeImpact,
        Map<Dimension, String> attributes) {

    public ResultRow {
        values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    /** The value of the query's metric at this index; null when undefined. */
    public Double value(int metricIndex) {
        return values.get(metricIndex);
    }

    /** The first (often the only) metric's value. */
    public Double value() {
        return values.getFirst();
    }

    public String attribute(Dimension dimension) {
        return attributes.get(dimension);
    }
}
