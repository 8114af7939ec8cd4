package dev.playtrace.query.engine;

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
import dev.playtrace.store.spi.ViewRollupTable.Cube;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A query resolved against the catalogue: each metric with its measurement, split into the ones computed per view in
 * one aggregate statement and the concurrency ones computed from active intervals, over the window cut at now; and
 * which table answers the per-view statement: a rollup cube when one can answer exactly and (by default) costs no
 * more ({@link #rollupCube()}, {@link RollupCost}), else (null) the views table.
 */
record QueryPlan(Query query, List<PlannedMetric> metrics, TimeRange range, long nowMs, Cube rollupCube) {

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
        Cube cube = switch (rollups) {
            case WHEN_CHEAPER -> cubeAnswering(query, planned, clampedRange)
                    .filter(answering -> RollupCost.rollupNoSlowerThanViews(clampedRange, answering)).orElse(null);
            case WHEN_EXACT -> cubeAnswering(query, planned, clampedRange).orElse(null);
            case NEVER -> null;
        };
        return new QueryPlan(query, planned, clampedRange, nowMs, cube);
    }

    boolean servedByRollup() {
        return rollupCube != null;
    }

    /**
     * The cube that answers ({@link RollupSqlGenerator#cubeFor}): every per-view metric is a count, a sum or a ratio of
     * those, or (hourly cube) a median, percentile or sum of a value it keeps histograms of; filters and grouping are on
     * the cube's dimensions, and the window (already cut at now) holds a whole slot and buckets are whole slots;
     * distinct viewers only of the whole project (no filter, no breakdown). Anything else (averages of per-view values,
     * distinct viewers of a subset, other dimensions, minute buckets, five-minute buckets of a subset) reads the views
     * table.
     */
    private static Optional<Cube> cubeAnswering(Query query, List<PlannedMetric> metrics, TimeRange clampedRange) {
        List<MeasuredMetric> perView = metrics.stream().filter(metric -> !metric.concurrency())
                .map(PlannedMetric::measured).toList();
        ViewSelection selection = new ViewSelection(query.projectId(), clampedRange, query.filters());
        long bucketWidthMs = query.granularity() == null ? 0 : query.granularity().widthMs();
        return RollupSqlGenerator.cubeFor(perView, selection, query.groupByDimension().orElse(null), bucketWidthMs);
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
