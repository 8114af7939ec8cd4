package dev.playtrace.query.sql;

import dev.playtrace.store.spi.SqlStatement;

import java.util.List;

/**
 * The three per-view metric statements the engine runs (total, per group, per time bucket), with the same result
 * columns ({@link ResultColumns}) whichever table answers them: the views table ({@link QuerySqlGenerator}) or the
 * hourly rollup ({@link RollupSqlGenerator}).
 */
public interface MetricStatements {
    /** One row: one value per metric (in order), views, Σ watch time, Σ playing time. */
    SqlStatement metricTotals(List<MeasuredMetric> metrics, ViewSelection selection);

    /** Per (renamed) value of the dimension, null values left out: field, metric values, views, time totals. */
    SqlStatement metricByGroup(List<MeasuredMetric> metrics, ViewSelection selection, GroupColumn groupBy);

    /** Per UTC bucket of the play request time, ascending, buckets with views only: bucket start, values, totals. */
    SqlStatement metricByBucket(List<MeasuredMetric> metrics, ViewSelection selection, long bucketWidthMs);
}
