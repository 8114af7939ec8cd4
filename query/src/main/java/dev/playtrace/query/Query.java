package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one internal description of a metric question, built by every facade (native API and vendor APIs) and answered
 * by {@link QueryService#run(Query)} with one {@link QueryResult}. Views are selected by {@code play_requested_at} in
 * {@link #range()} plus {@link #filters()}; concurrency metrics use each view's active interval instead.
 *
 * <p>The shape follows from what is set: no grouping and no granularity is one row over all selected views; a
 * {@link #grouping()} gives a row per group; a {@link #granularity()} gives a row per time bucket (every bucket of the
 * range up to now, empty ones included; with {@link #bucketsAfterNow()} the rest of the range's too).
 *
 * @param metrics at least one; every row carries one value per metric, in this order
 * @param grouping null for no group-by
 * @param granularity null for no time buckets
 * @param sort null for the natural order: groups by the first metric's value, largest first; buckets ascending
 * @param page null for every row
 * @param keptGroups which groups are rows
 * @param impactRanks whether grouped rows carry the first metric's negative-impact rank (costs one more statement)
 * @param bucketsAfterNow whether a timeseries lists the range's buckets after now too, each with the value over no
 *        views (a chart drawn over a fixed window); otherwise its buckets end at now
 */
public record Query(
        String projectId,
        List<MetricRequest> metrics,
        TimeRange range,
        List<Filter> filters,
        Grouping grouping,
        Granularity granularity,
        Sort sort,
        Page page,
        KeptGroups keptGroups,
        boolean impactRanks,
        boolean bucketsAfterNow) {

    public Query {
        requireNonNull(projectId, "projectId is null");
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a query needs at least one metric");
        }
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(keptGroups, "keptGroups is null");
        if (grouping != null && granularity != null) {
            throw new IllegalArgumentException("a query groups by a dimension or by time buckets, not both");
        }
        if (sort != null && sort.metricIndex() >= metrics.size()) {
            throw new IllegalArgumentException("sort refers to metric " + sort.metricIndex() + " of " + metrics.size());
        }
    }

    /** One metric over a window with no filters, default measurement, every row. */
    public static Query of(String projectId, String metricId, TimeRange range) {
        return of(projectId, List.of(MetricRequest.of(metricId)), range);
    }

    public static Query of(String projectId, List<MetricRequest> metrics, TimeRange range) {
        return new Query(projectId, metrics, range, List.of(), null, null,
                null, null, KeptGroups.DEFINED, false, false);
    }

    public Query withFilters(List<Filter> newFilters) {
        return new Query(projectId, metrics, range, newFilters, grouping, granularity,
                sort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withRange(TimeRange newRange) {
        return new Query(projectId, metrics, newRange, filters, grouping, granularity,
                sort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    /** Every metric of the query with this measurement (null: each metric's default). */
    public Query withMeasurement(Measurement newMeasurement) {
        List<MetricRequest> measured = metrics.stream()
                .map(metric -> new MetricRequest(metric.metricId(), newMeasurement))
                .toList();
        return new Query(projectId, measured, range, filters, grouping, granularity,
                sort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withGrouping(Grouping newGrouping) {
        return new Query(projectId, metrics, range, filters, newGrouping, granularity,
                sort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withGroupBy(Dimension dimension) {
        return withGrouping(dimension == null ? null : Grouping.by(dimension));
    }

    public Query withGranularity(Granularity newGranularity) {
        return new Query(projectId, metrics, range, filters, grouping, newGranularity,
                sort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withSort(Sort newSort) {
        return new Query(projectId, metrics, range, filters, grouping, granularity,
                newSort, page, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withOrder(OrderBy orderBy, boolean descending) {
        return withSort(Sort.by(orderBy, descending));
    }

    public Query withPage(Page newPage) {
        return new Query(projectId, metrics, range, filters, grouping, granularity,
                sort, newPage, keptGroups, impactRanks, bucketsAfterNow);
    }

    public Query keeping(KeptGroups newKeptGroups) {
        return new Query(projectId, metrics, range, filters, grouping, granularity,
                sort, page, newKeptGroups, impactRanks, bucketsAfterNow);
    }

    public Query withImpactRanks() {
        return new Query(projectId, metrics, range, filters, grouping, granularity,
                sort, page, keptGroups, true, bucketsAfterNow);
    }

    public Query withBucketsAfterNow() {
        return new Query(projectId, metrics, range, filters, grouping, granularity, sort, page, keptGroups, impactRanks,
                true);
    }

    public Optional<Dimension> groupByDimension() {
        return Optional.ofNullable(grouping).map(Grouping::dimension);
    }
}
