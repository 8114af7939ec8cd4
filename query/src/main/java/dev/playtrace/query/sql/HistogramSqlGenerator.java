package dev.playtrace.query.sql;

import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.catalog.MetricExpression.PerViewAggregate;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewHistogramTable.Histogram;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewTable;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One per-view distribution metric (a median, a percentile or a sum of an integer per-view value) computed from the
 * merged hourly histograms of {@link ViewHistogramTable}, as a subquery with one row per key (none: one row) and the
 * metric's value. A quantile is {@code quantile_cont}'s: with N values and h = (N − 1) × q, the values at the ranks
 * ⌊h⌋ and ⌈h⌉ (0-based, values ascending) are read from the running sum of the merged counts, and the result is
 * {@code lo × (1 − d) + hi × d} with d = h − ⌊h⌋, in doubles: the same two values and operations as DuckDB's
 * {@code quantile_cont} (1.5; {@code lo + (hi − lo) × d} differs in the last bit for about one 95th percentile in
 * seven), so the double is the same bit for bit. Partial edge hours of the range are histogrammed from the views table
 * on the fly.
 */
final class HistogramSqlGenerator {
    /** The measurements a histogram answers exactly; an average would sum in another order than the views path. */
    private static final Set<Measurement> SERVED = Set.of(Measurement.MEDIAN, Measurement.P95, Measurement.P99,
            Measurement.SUM);

    private final SqlDialect dialect;

    HistogramSqlGenerator(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** Whether the metric is a per-view aggregate with a kept histogram, in a measurement the histogram answers. */
    static boolean canRender(MetricExpression expression, Measurement measurement) {
        return expression instanceof PerViewAggregate aggregate && histogramOf(aggregate).isPresent()
                && SERVED.contains(measurement);
    }

    static boolean isHistogramMetric(MeasuredMetric metric) {
        return metric.expression() instanceof PerViewAggregate;
    }

    /**
     * How the rows are keyed: {@code alias} the key's name in the result (null: one row in all), {@code keyColumn}
     * its column in the histogram table, {@code keyFromViews} the same computed from a views row, {@code keyOfCell}
     * the key of a merged row computed from {@code keyColumn} (a group's renames, a bucket's width), and the
     * conditions every part applies.
     */
    record Key(String alias, String keyColumn, String keyFromViews, KeyExpression keyOfCell, List<String> conditions) {
        static final Key NONE = new Key(null, null, null, null, List.of());
    }

    /** Appends the SQL expression of a merged row's key (it may bind parameters). */
    interface KeyExpression {
        void append(SqlBuilder builder);
    }

    /**
     * Appends the subquery: columns {@code key.alias()} (if any) and {@code valueAlias}, one row per key that has
     * values (a range without values: one row of null, or 0 for a sum).
     */
    void appendMetric(SqlBuilder builder, MeasuredMetric metric, String valueAlias, ViewSelection selection,
                      long wholeFromMs, long wholeToMs, Key key) {
        PerViewAggregate aggregate = (PerViewAggregate) metric.expression();
        Histogram histogram = histogramOf(aggregate).orElseThrow(
                () -> new IllegalArgumentException(aggregate + " has no histogram"));
        String k = key.alias();
        String keyComma = k == null ? "" : k + ", ";
        String value = ViewHistogramTable.VALUE.name();
        if (metric.measurement() == Measurement.SUM) {
            builder.sql("SELECT " + keyComma + "coalesce(" + dialect.sumIf(value + " * n", null) + ", 0) AS "
                    + valueAlias + "\nFROM ");
            merged(builder, histogram, selection, wholeFromMs, wholeToMs, key);
            builder.sql(" AS merged" + (k == null ? "" : "\nGROUP BY " + k));
            return;
        }
        String partition = k == null ? "" : "PARTITION BY " + k + " ";
        double fraction = fraction(metric.measurement());
        // the total is the running sum's last value: a max over it is cheaper than a second sum over the values
        builder.sql("SELECT " + keyComma + "lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) AS " + valueAlias
                + "\nFROM (SELECT " + keyComma + "max(rn) AS rn, "
                + dialect.toDouble("min(CASE WHEN upto > floor(rn) THEN " + value + " END)") + " AS lo, "
                + dialect.toDouble("min(CASE WHEN upto > ceil(rn) THEN " + value + " END)") + " AS hi"
                + "\nFROM (SELECT " + keyComma + value + ", upto, "
                + dialect.toDouble("max(upto) OVER (" + partition.trim() + ") - 1") + " * "
                + dialect.toDouble(Double.toString(fraction)) + " AS rn"
                + "\nFROM (SELECT " + keyComma + value + ", sum(n) OVER (" + partition + "ORDER BY " + value
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto\nFROM ");
        merged(builder, histogram, selection, wholeFromMs, wholeToMs, key);
        builder.sql(" AS merged) AS running) AS ranked" + (k == null ? "" : "\nGROUP BY " + k) + ") AS ranks");
    }

    /** The histogram of the selection merged per key and value: columns key (if any), value, n. */
    private void merged(SqlBuilder builder, Histogram histogram, ViewSelection selection, long wholeFromMs,
                        long wholeToMs, Key key) {
        String value = ViewHistogramTable.VALUE.name();
        builder.sql("(SELECT ");
        if (key.alias() != null) {
            key.keyOfCell().append(builder);
            builder.sql(" AS " + key.alias() + ", ");
        }
        builder.sql(value + ", " + dialect.sumIf(ViewHistogramTable.VIEWS.name(), null) + " AS n\nFROM ");
        source(builder, histogram, selection, wholeFromMs, wholeToMs, key);
        builder.sql("\nGROUP BY " + (key.alias() == null ? "" : key.alias() + ", ") + value + ")");
    }

    /**
     * The histogram rows of the selection: the table's whole hours, and each partial edge hour histogrammed from the
     * views with the same contribution the store's maintenance adds (one view: one count of its value).
     */
    private void source(SqlBuilder builder, Histogram histogram, ViewSelection selection, long wholeFromMs,
                        long wholeToMs, Key key) {
        long fromMs = selection.range().fromMs();
        long toMs = selection.range().toMs();
        String value = ViewHistogramTable.VALUE.name();
        String views = ViewHistogramTable.VIEWS.name();
        String keyComma = key.keyColumn() == null ? "" : key.keyColumn() + ", ";
        builder.sql("(SELECT " + keyComma + value + ", " + views + "\nFROM " + ViewHistogramTable.NAME);
        whereInHours(builder, histogram, selection, wholeFromMs, wholeToMs, key);
        if (fromMs < wholeFromMs) {
            partialHour(builder, histogram, selection, fromMs, wholeFromMs, key);
        }
        if (wholeToMs < toMs) {
            partialHour(builder, histogram, selection, wholeToMs, toMs, key);
        }
        builder.sql(") AS " + ViewHistogramTable.NAME);
    }

    private void whereInHours(SqlBuilder builder, Histogram histogram, ViewSelection selection, long fromMs,
                              long toMs, Key key) {
        RollupSqlGenerator.whereProjectAndHours(builder, selection.projectId(), fromMs, toMs);
        builder.sql(" AND " + ViewHistogramTable.HISTOGRAM.name() + " = " + dialect.stringLiteral(histogram.name()));
        FilterSql.appendAll(builder, selection.filters());
        key.conditions().forEach(condition -> builder.sql(" AND " + condition));
    }

    private void partialHour(SqlBuilder builder, Histogram histogram, ViewSelection selection, long fromMs, long toMs,
                             Key key) {
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        String column = histogram.value().name();
        String keyColumn = key.keyColumn() == null ? null
                : key.keyFromViews().equals(key.keyColumn()) ? key.keyColumn()
                : key.keyFromViews() + " AS " + key.keyColumn();
        builder.sql("\nUNION ALL\nSELECT " + (keyColumn == null ? "" : keyColumn + ", ") + column + " AS "
                        + ViewHistogramTable.VALUE.name() + ", " + dialect.countIf(null) + " AS "
                        + ViewHistogramTable.VIEWS.name() + "\nFROM " + dialect.viewsSource() + "\nWHERE "
                        + ViewTable.PROJECT_ID.name() + " = ")
                .param(selection.projectId())
                .sql(" AND " + playRequested + " >= ")
                .param(fromMs)
                .sql(" AND " + playRequested + " < ")
                .param(toMs)
                .sql(" AND " + column + " IS NOT NULL");
        if (histogram.flag() != null) {
            builder.sql(" AND " + ViewRollupTable.flagCondition(dialect, histogram.flag()));
        }
        FilterSql.appendAll(builder, selection.filters());
        key.conditions().forEach(condition -> builder.sql(" AND " + condition));
        builder.sql("\nGROUP BY " + (key.keyColumn() == null ? "" : key.keyColumn() + ", ") + column);
    }

    private static Optional<Histogram> histogramOf(PerViewAggregate aggregate) {
        return ViewHistogramTable.of(aggregate.column(), aggregate.over().isAll() ? null : aggregate.over().flag());
    }

    /** The quantile's fraction, the same double {@link MetricSqlRenderer} passes to the dialect. */
    private static double fraction(Measurement measurement) {
        return switch (measurement) {
            case MEDIAN -> 0.5;
            case P95 -> 0.95;
            case P99 -> 0.99;
            default -> throw new IllegalArgumentException(measurement + " is not a quantile");
        };
    }
}
