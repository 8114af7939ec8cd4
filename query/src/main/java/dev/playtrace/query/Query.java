package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one internal description of a metric question, built by every facade (native API and vendor APIs).
 * Views are selected by {@code play_requested_at} in {@link #range()} plus {@link #filters()}; concurrency metrics
 * use each view's active interval instead.
 *
 * @param measurement null means the metric's default measurement
 * @param groupBy null for overall and timeseries questions
 * @param granularity null means {@link Granularity#auto(TimeRange)}
 * @param descending sort direction of breakdown rows
 */
public record Query(
        String projectId,
        String metricId,
        TimeRange range,
        List<Filter> filters,
        Measurement measurement,
        Dimension groupBy,
        Granularity granularity,
        OrderBy orderBy,
        boolean descending,
        Page page) {

    public Query {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(metricId, "metricId is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(orderBy, "orderBy is null");
        requireNonNull(page, "page is null");
    }

    /** A query for one metric over a window with no filters, default measurement, first page. */
    public static Query of(String projectId, String metricId, TimeRange range) {
        return new Query(projectId, metricId, range, List.of(), null, null, null, OrderBy.VALUE, true, Page.FIRST);
    }

    public Query withFilters(List<Filter> newFilters) {
        return new Query(projectId, metricId, range, newFilters, measurement, groupBy, granularity, orderBy, descending, page);
    }

    public Query withMeasurement(Measurement newMeasurement) {
        return new Query(projectId, metricId, range, filters, newMeasurement, groupBy, granularity, orderBy, descending, page);
    }

    public Query withGroupBy(Dimension newGroupBy) {
        return new Query(projectId, metricId, range, filters, measurement, newGroupBy, granularity, orderBy, descending, page);
    }

    public Query withGranularity(Granularity newGranularity) {
        return new Query(projectId, metricId, range, filters, measurement, groupBy, newGranularity, orderBy, descending, page);
    }

    public Query withOrder(OrderBy newOrderBy, boolean newDescending) {
        return new Query(projectId, metricId, range, filters, measurement, groupBy, granularity, newOrderBy, newDescending, page);
    }

    public Query withPage(Page newPage) {
        return new Query(projectId, metricId, range, filters, measurement, groupBy, granularity, orderBy, descending, newPage);
    }

    public Optional<Dimension> groupByDimension() {
        return Optional.ofNullable(groupBy);
    }
}
