package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult.ResolvedMetric;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.sql.ActiveWindow;
import dev.playtrace.query.sql.MeasuredMetric;
import dev.playtrace.query.sql.RollupCost;
import dev.playtrace.query.sql.RollupSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;

import java.util.ArrayList;
import java.util.List;

/**
 * A query resolved against the catalogue: each metric with its measurement, split into the ones computed per view in
 * one aggregate statement and the concurrency ones computed from active intervals, over the window cut at now; and
 * which table answers the per-view statement: the hourly rollup when it can answer exactly and (by default) costs no
 * more ({@link #servedByRollup()}, {@link RollupCost}), else the views table.
 */
record QueryPlan(Query query, List<PlannedMetric> metrics, TimeRange range, long nowMs, boolean servedByRollup) {

    /** One metric of the query at its position in the result's values. */
    record PlannedMetric(int index, MetricDefinition definition, Measurement measurement) {
        boolean concurrency() {
            return definition.expression() instanceof MetricExpression.Concurrency;
        }

        MeasuredMetric measured() {
            return new MeasuredMetric(definition.expression(), measurement);
        }
    }

    /**
     * @param rollups when the engine may read the rollup ({@link QueryEngine.Rollups#NEVER} when the store keeps none)
     */
    static QueryPlan of(Query query, MetricCatalog catalog, TimeRange clampedRange, long nowMs, QueryEngine.Rollups rollups) {
        List<PlannedMetric> metrics = new ArrayList<>();
        for (MetricRequest request : query.metrics()) {
            MetricDefinition definition = catalog.require(request.metricId());
            metrics.add(new PlannedMetric(metrics.size(), definition, definition.resolveMeasurement(request.measurement())));
        }
        List<PlannedMetric> planned = List.copyOf(metrics);
        boolean rollup = switch (rollups) {
            case WHEN_CHEAPER -> rollupCanAnswer(query, planned, clampedRange)
                    && RollupCost.rollupNoSlowerThanViews(clampedRange);
            case WHEN_EXACT -> rollupCanAnswer(query, planned, clampedRange);
            case NEVER -> false;
        };
        return new QueryPlan(query, planned, clampedRange, nowMs, rollup);
    }

    /**
     * The rollup answers when every per-view metric is a count, a sum or a ratio of those, or a median, percentile or
     * sum of a value it keeps histograms of; filters and grouping are on its dimensions, and the window (already cut
     * at now) holds a whole hour and buckets are whole hours; distinct viewers only of the whole project (no filter,
     * no breakdown). Anything else (averages of per-view values, distinct viewers of a subset, other dimensions,
     * minute buckets) reads the views table.
     */
    private static boolean rollupCanAnswer(Query query, List<PlannedMetric> metrics, TimeRange clampedRange) {
        List<PlannedMetric> perView = metrics.stream().filter(metric -> !metric.concurrency()).toList();
        ViewSelection selection = new ViewSelection(query.projectId(), clampedRange, query.filters());
        Dimension groupBy = query.groupByDimension().orElse(null);
        if (perView.isEmpty() || !perView.stream().allMatch(metric ->
                RollupSqlGenerator.canRender(metric.measured(), selection, groupBy))) {
            return false;
        }
        long bucketWidthMs = query.granularity() == null ? 0 : query.granularity().widthMs();
        return RollupSqlGenerator.canServe(selection, groupBy, bucketWidthMs);
    }

    List<PlannedMetric> perViewMetrics() {
        return metrics.stream().filter(metric -> !metric.concurrency()).toList();
    }

    List<PlannedMetric> concurrencyMetrics() {
        return metrics.stream().filter(PlannedMetric::concurrency).toList();
    }

    List<MeasuredMetric> measuredPerViewMetrics() {
        return perViewMetrics().stream().map(PlannedMetric::measured).toList();
    }

    ViewSelection selection() {
        return new ViewSelection(query.projectId(), range, query.filters());
    }

    ActiveWindow activeWindow() {
        return new ActiveWindow(query.projectId(), range.fromMs(), range.toMs(), nowMs, query.filters());
    }

    BucketGrid grid() {
        Granularity granularity = query.granularity() != null ? query.granularity() : Granularity.auto(query.range());
        return BucketGrid.covering(query.bucketsAfterNow() ? query.range() : range, granularity.widthMs());
    }

    List<ResolvedMetric> resolvedMetrics() {
        return metrics.stream()
                .map(metric -> new ResolvedMetric(metric.definition().toDescription(), metric.measurement()))
                .toList();
    }
}
