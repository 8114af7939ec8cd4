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
import dev.playtrace.query.sql.ViewSelection;

import java.util.ArrayList;
import java.util.List;

/**
 * A query resolved against the catalogue: each metric with its measurement, split into the ones computed per view in
 * one aggregate statement and the concurrency ones computed from active intervals, over the window cut at now.
 */
record QueryPlan(Query query, List<PlannedMetric> metrics, TimeRange range, long nowMs) {

    /** One metric of the query at its position in the result's values. */
    record PlannedMetric(int index, MetricDefinition definition, Measurement measurement) {
        boolean concurrency() {
            return definition.expression() instanceof MetricExpression.Concurrency;
        }

        MeasuredMetric measured() {
            return new MeasuredMetric(definition.expression(), measurement);
        }
    }

    static QueryPlan of(Query query, MetricCatalog catalog, TimeRange clampedRange, long nowMs) {
        List<PlannedMetric> metrics = new ArrayList<>();
        for (MetricRequest request : query.metrics()) {
            MetricDefinition definition = catalog.require(request.metricId());
            metrics.add(new PlannedMetric(metrics.size(), definition, definition.resolveMeasurement(request.measurement())));
        }
        return new QueryPlan(query, List.copyOf(metrics), clampedRange, nowMs);
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
        return BucketGrid.covering(range, granularity.widthMs());
    }

    List<ResolvedMetric> resolvedMetrics() {
        return metrics.stream()
                .map(metric -> new ResolvedMetric(metric.definition().toDescription(), metric.measurement()))
                .toList();
    }
}
