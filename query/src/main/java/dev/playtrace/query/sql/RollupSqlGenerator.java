package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.Filter;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.catalog.MetricExpression.ColumnSum;
import dev.playtrace.query.catalog.MetricExpression.Concurrency;
import dev.playtrace.query.catalog.MetricExpression.CountRatio;
import dev.playtrace.query.catalog.MetricExpression.DistinctCount;
import dev.playtrace.query.catalog.MetricExpression.PerViewAggregate;
import dev.playtrace.query.catalog.MetricExpression.SumRatio;
import dev.playtrace.query.catalog.MetricExpression.ViewCount;
import dev.playtrace.query.catalog.ViewPredicate;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewRollupTable.Measure;
import dev.playtrace.store.spi.ViewTable;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The per-view metric statements over {@link ViewRollupTable} instead of the views table, for one dialect. Each
 * metric is the same arithmetic as {@link MetricSqlRenderer}'s over sums of the rollup's exact counts and sums, so a
 * rollup-served value equals the views-table value bit for bit. Only queries that {@link #canServe} may use it:
 * metrics the rollup holds, filters and grouping on its dimensions, buckets on its hourly grid and a range holding
 * at least one whole hour.
 *
 * <p>A range that does not start or end on the hour (a dashboard's "last 24 hours", cut at now) reads its whole
 * hours from the rollup and its partial first and last hours from the views table, rolled up on the fly into the
 * same cells ({@link ViewRollupTable#contributionColumns}); the metric arithmetic then runs over the union, so the
 * answer stays exact and the views scanned are at most two hours' worth.
 */
public final class RollupSqlGenerator implements MetricStatements {
    private static final String FIELD = "field";

    private final SqlDialect dialect;

    public RollupSqlGenerator(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** Whether the rollup holds what the expression needs (counts and sums, their ratios). */
    public static boolean canRender(MetricExpression expression) {
        return switch (expression) {
            case ViewCount count -> countOf(count.predicate()).isPresent();
            case ColumnSum sum -> ViewRollupTable.sumOf(sum.column()).isPresent();
            case CountRatio ratio -> countOf(ratio.numerator()).isPresent() && countOf(ratio.denominator()).isPresent();
            case SumRatio ratio -> ratio.numerators().stream().allMatch(c -> ViewRollupTable.sumOf(c).isPresent())
                    && ViewRollupTable.sumOf(ratio.denominator()).isPresent();
            // Exact percentiles need value histograms and distinct viewers need viewer sets: not in this rollup.
            case PerViewAggregate aggregate -> false;
            case DistinctCount distinct -> false;
            case Concurrency concurrency -> false;
        };
    }

    /**
     * Whether a selection with these filters, grouped by this dimension (null: none) into buckets of this width (0:
     * none), lies on the rollup's grid: buckets whole hours, at least one whole hour in the range, filters and
     * grouping on its dimensions.
     */
    public static boolean canServe(ViewSelection selection, Dimension groupBy, long bucketWidthMs) {
        return firstWholeHourMs(selection) < endOfWholeHoursMs(selection)
                && bucketWidthMs % ViewRollupTable.GRAIN_MS == 0
                && (groupBy == null || ViewRollupTable.hasDimension(groupBy))
                && selection.filters().stream().map(Filter::dimension).allMatch(ViewRollupTable::hasDimension);
    }

    @Override
    public SqlStatement metricTotals(List<MeasuredMetric> metrics, ViewSelection selection) {
        SqlBuilder builder = new SqlBuilder().sql("SELECT " + metricColumns(metrics) + "\nFROM ");
        fromSelected(builder, selection);
        return builder.build();
    }

    @Override
    public SqlStatement metricByGroup(List<MeasuredMetric> metrics, ViewSelection selection, GroupColumn groupBy) {
        String column = ViewRollupTable.dimensionColumn(groupBy.dimension());
        SqlBuilder builder = new SqlBuilder().sql("SELECT ");
        QuerySqlGenerator.groupExpression(builder, groupBy);
        builder.sql(" AS " + FIELD + ", " + metricColumns(metrics) + "\nFROM ");
        fromSelected(builder, selection);
        if (groupBy.missingValue() == null) {
            builder.sql(" AND " + column + " IS NOT NULL");
        }
        // Cells whose views all moved away keep a row of zeros until merged; they are no group.
        builder.sql("\nGROUP BY " + FIELD + "\nHAVING " + sum(ViewRollupTable.ATTEMPTS) + " > 0");
        return builder.build();
    }

    @Override
    public SqlStatement metricByBucket(List<MeasuredMetric> metrics, ViewSelection selection, long bucketWidthMs) {
        String bucket = dialect.floorDiv(ViewRollupTable.HOUR_START_MS.name(), bucketWidthMs) + " * " + bucketWidthMs;
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + bucket + " AS bucket_start_ms, " + metricColumns(metrics) + "\nFROM ");
        fromSelected(builder, selection);
        builder.sql("\nGROUP BY bucket_start_ms\nHAVING " + sum(ViewRollupTable.ATTEMPTS) + " > 0\nORDER BY bucket_start_ms");
        return builder.build();
    }

    /** The same expression shapes as {@link MetricSqlRenderer}, over rollup sums. */
    private String render(MetricExpression expression) {
        return switch (expression) {
            case ViewCount count -> "coalesce(" + sum(countOf(count.predicate()).orElseThrow()) + ", 0)";
            case ColumnSum sum -> "coalesce(" + sum(ViewRollupTable.sumOf(sum.column()).orElseThrow()) + ", 0)";
            case CountRatio ratio -> dialect.divideOrNull(
                    dialect.toDouble(sum(countOf(ratio.numerator()).orElseThrow())) + " * " + ratio.scale(),
                    sum(countOf(ratio.denominator()).orElseThrow()));
            case SumRatio ratio -> ratio.numerators().stream()
                    .map(numerator -> "(" + dialect.divideOrNull(
                            dialect.toDouble(sum(ViewRollupTable.sumOf(numerator).orElseThrow())) + " * " + ratio.scale(),
                            sum(ViewRollupTable.sumOf(ratio.denominator()).orElseThrow())) + ")")
                    .collect(Collectors.joining(" + "));
            case PerViewAggregate aggregate -> throw notInRollup(expression);
            case DistinctCount distinct -> throw notInRollup(expression);
            case Concurrency concurrency -> throw notInRollup(expression);
        };
    }

    private String metricColumns(List<MeasuredMetric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a metric statement needs at least one metric");
        }
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < metrics.size(); i++) {
            columns.append(render(metrics.get(i).expression())).append(" AS metric_value_").append(i).append(", ");
        }
        return columns + "coalesce(" + sum(ViewRollupTable.ATTEMPTS) + ", 0) AS view_count, "
                + "coalesce(" + sum(ViewRollupTable.sumOf(ViewTable.WATCH_TIME_MS).orElseThrow()) + ", 0) AS total_watch_time_ms, "
                + "coalesce(" + sum(ViewRollupTable.sumOf(ViewTable.PLAYING_TIME_MS).orElseThrow()) + ", 0) AS total_playing_time_ms";
    }

    /** The rollup cells of the selection and the WHERE clause that picks them (filters included). */
    private void fromSelected(SqlBuilder builder, ViewSelection selection) {
        long fromMs = selection.range().fromMs();
        long toMs = selection.range().toMs();
        long wholeFromMs = firstWholeHourMs(selection);
        long wholeToMs = endOfWholeHoursMs(selection);
        if (wholeFromMs == fromMs && wholeToMs == toMs) {
            builder.sql(ViewRollupTable.NAME);
            whereInHours(builder, selection.projectId(), fromMs, toMs);
        } else {
            builder.sql("(SELECT " + String.join(", ", ViewRollupTable.keyColumnNames()) + ", "
                    + String.join(", ", ViewRollupTable.measureNames()) + "\nFROM " + ViewRollupTable.NAME);
            whereInHours(builder, selection.projectId(), wholeFromMs, wholeToMs);
            if (fromMs < wholeFromMs) {
                partialHourRolledUp(builder, selection.projectId(), fromMs, wholeFromMs);
            }
            if (wholeToMs < toMs) {
                partialHourRolledUp(builder, selection.projectId(), wholeToMs, toMs);
            }
            builder.sql(") AS " + ViewRollupTable.NAME + "\nWHERE " + ViewRollupTable.PROJECT_ID.name() + " = ")
                    .param(selection.projectId());
        }
        FilterSql.appendAll(builder, selection.filters());
    }

    private static void whereInHours(SqlBuilder builder, String projectId, long fromMs, long toMs) {
        String hour = ViewRollupTable.HOUR_START_MS.name();
        builder.sql("\nWHERE " + ViewRollupTable.PROJECT_ID.name() + " = ")
                .param(projectId)
                .sql(" AND " + hour + " >= ")
                .param(fromMs)
                .sql(" AND " + hour + " < ")
                .param(toMs);
    }

    /**
     * The views of one partial hour at an edge of the range, {@code [fromMs, toMs)}, as rollup rows: the same cells
     * the store keeps, computed now. One statement per edge, each a plain range on the play request, so the store
     * skips the rest of the views table (an {@code OR} of the two ranges made DuckDB scan all of it).
     */
    private void partialHourRolledUp(SqlBuilder builder, String projectId, long fromMs, long toMs) {
        List<String> dimensions = ViewRollupTable.DIMENSIONS.stream().map(ViewRollupTable::dimensionColumn).toList();
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        builder.sql("\nUNION ALL\nSELECT " + ViewRollupTable.PROJECT_ID.name() + ", "
                        + ViewRollupTable.hourOfPlayRequest(dialect) + " AS " + ViewRollupTable.HOUR_START_MS.name()
                        + ", " + String.join(", ", dimensions) + ", "
                        + String.join(", ", ViewRollupTable.contributionColumns(dialect, "1"))
                        + "\nFROM " + dialect.viewsSource() + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(projectId)
                .sql(" AND " + playRequested + " >= ")
                .param(fromMs)
                .sql(" AND " + playRequested + " < ")
                .param(toMs)
                .sql("\nGROUP BY " + ViewRollupTable.PROJECT_ID.name() + ", " + ViewRollupTable.HOUR_START_MS.name()
                        + ", " + String.join(", ", dimensions));
    }

    /** The start of the first hour that lies wholly in the range. */
    private static long firstWholeHourMs(ViewSelection selection) {
        return Math.ceilDiv(selection.range().fromMs(), ViewRollupTable.GRAIN_MS) * ViewRollupTable.GRAIN_MS;
    }

    /** The end of the last hour that lies wholly in the range. */
    private static long endOfWholeHoursMs(ViewSelection selection) {
        return Math.floorDiv(selection.range().toMs(), ViewRollupTable.GRAIN_MS) * ViewRollupTable.GRAIN_MS;
    }

    private String sum(Measure measure) {
        return dialect.sumIf(measure.name(), null);
    }

    private static Optional<Measure> countOf(ViewPredicate predicate) {
        ViewColumn flag = predicate.isAll() ? null : predicate.flag();
        return ViewRollupTable.countOf(flag);
    }

    private static IllegalArgumentException notInRollup(MetricExpression expression) {
        return new IllegalArgumentException(expression + " is not held by the rollup");
    }
}
