package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;
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
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewRollupTable.Cube;
import dev.playtrace.store.spi.ViewRollupTable.Measure;
import dev.playtrace.store.spi.ViewTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The per-view metric statements over one cube of {@link ViewRollupTable} (hourly, video, five-minute) instead of the
 * views table, for one dialect. Each metric is the same arithmetic as {@link MetricSqlRenderer}'s over sums of the
 * cube's exact counts and sums, so a rollup-served value equals the views-table value bit for bit. Only queries that
 * {@link #cubeFor} gives the cube may use it: metrics the rollup holds, filters and grouping on the cube's
 * dimensions, buckets on its grid and a range holding at least one whole slot of it.
 *
 * <p>A range that does not start or end on the cube's grid (a dashboard's "last 24 hours", cut at now) reads its
 * whole slots from the cube and its partial first and last slots from the views table, rolled up on the fly with the
 * store's own contribution expressions ({@link ViewRollupTable#contributionColumns}) into rows of only the key and
 * measures the question reads; the metric arithmetic then runs over the union, so the answer stays exact and the views
 * scanned are at most two slots' worth. Whether that is cheaper than the views table is {@link RollupCost}'s call.
 *
 * <p>Medians, percentiles and sums of integer per-view values come from the rollup's histograms
 * ({@link ViewHistogramTable}): each such metric is a subquery of {@link HistogramSqlGenerator} joined to the cube
 * statement on its key, over the same window (whole hours from the table, partial edge hours from the views).
 */
public final class RollupSqlGenerator implements MetricStatements {
    private static final String FIELD = "field";
    private static final String BUCKET_START_MS = "bucket_start_ms";

    private final SqlDialect dialect;
    private final Cube cube;
    private final HistogramSqlGenerator histograms;
    private final ViewerSequenceSqlGenerator viewers;

    /** Statements over the hourly cube. */
    public RollupSqlGenerator(SqlDialect dialect) {
        this(dialect, ViewRollupTable.HOURLY);
    }

    /** Statements over the cube (the histograms exist for the hourly one's cells only). */
    public RollupSqlGenerator(SqlDialect dialect, Cube cube) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.cube = requireNonNull(cube, "cube is null");
        this.histograms = new HistogramSqlGenerator(dialect);
        this.viewers = new ViewerSequenceSqlGenerator(dialect);
    }

    /**
     * The first cube ({@link ViewRollupTable#CUBES}, preferred first) that answers every metric over the selection,
     * grouped by the dimension (null: none) into buckets of the width (0: none); empty when only the views table can.
     */
    public static Optional<Cube> cubeFor(List<MeasuredMetric> metrics, ViewSelection selection, Dimension groupBy,
                                         long bucketWidthMs) {
        return ViewRollupTable.CUBES.stream()
                .filter(cube -> !metrics.isEmpty() && canServe(cube, selection, groupBy, bucketWidthMs))
                .filter(cube -> metrics.stream().allMatch(metric -> canRender(cube, metric, selection, groupBy)))
                .findFirst();
    }

    /**
     * Whether the cube holds what the metric needs: {@link #canRender(MeasuredMetric, ViewSelection, Dimension)}, with
     * medians and percentiles only beside the hourly cube, whose cells the histograms are kept for.
     */
    static boolean canRender(Cube cube, MeasuredMetric metric, ViewSelection selection, Dimension groupBy) {
        return canRender(metric, selection, groupBy)
                && (cube.equals(ViewRollupTable.HOURLY) || !HistogramSqlGenerator.isHistogramMetric(metric));
    }

    /**
     * Whether the rollup holds what the metric needs: counts and sums and their ratios in the cube, medians,
     * percentiles and sums of integer per-view values in its histograms ({@link ViewHistogramTable}).
     */
    public static boolean canRender(MetricExpression expression, Measurement measurement) {
        return switch (expression) {
            case ViewCount count -> countOf(count.predicate()).isPresent();
            case ColumnSum sum -> ViewRollupTable.sumOf(sum.column()).isPresent();
            case CountRatio ratio -> countOf(ratio.numerator()).isPresent() && countOf(ratio.denominator()).isPresent();
            case SumRatio ratio -> ratio.numerators().stream().allMatch(c -> ViewRollupTable.sumOf(c).isPresent())
                    && ViewRollupTable.sumOf(ratio.denominator()).isPresent();
            case PerViewAggregate aggregate -> HistogramSqlGenerator.canRender(aggregate, measurement);
            // Exact distinct viewers of subsets need viewer sets: only the whole project's are served, see below.
            case DistinctCount distinct -> false;
            case Concurrency concurrency -> false;
        };
    }

    /**
     * Whether the rollup holds what the metric needs over this selection grouped by the dimension (null: none):
     * {@link #canRender(MetricExpression, Measurement)}, or distinct viewers of the whole project from the viewer
     * sequence ({@link ViewerSequenceSqlGenerator}).
     */
    public static boolean canRender(MeasuredMetric metric, ViewSelection selection, Dimension groupBy) {
        return canRender(metric.expression(), metric.measurement())
                || ViewerSequenceSqlGenerator.canServe(metric, selection, groupBy);
    }

    /**
     * Whether a selection with these filters, grouped by this dimension (null: none) into buckets of this width (0:
     * none), lies on the cube's grid: buckets whole slots, at least one whole slot in the range, filters and grouping
     * on its dimensions.
     */
    static boolean canServe(Cube cube, ViewSelection selection, Dimension groupBy, long bucketWidthMs) {
        return cube.firstWholeSlotMs(selection.range()) < cube.endOfWholeSlotsMs(selection.range())
                && bucketWidthMs % cube.grainMs() == 0
                && (groupBy == null || cube.hasDimension(groupBy))
                && selection.filters().stream().map(Filter::dimension).allMatch(cube::hasDimension);
    }

    @Override
    public SqlStatement metricTotals(List<MeasuredMetric> metrics, ViewSelection selection) {
        SqlBuilder builder = new SqlBuilder();
        withSideMetrics(builder, metrics, selection, HistogramSqlGenerator.Key.NONE, null, statement -> {
            statement.sql("SELECT " + metricColumns(metrics) + "\nFROM ");
            fromSelected(statement, selection, new CellShape(null, null, measuresRead(metrics)), List.of());
        });
        return builder.build();
    }

    @Override
    public SqlStatement metricByGroup(List<MeasuredMetric> metrics, ViewSelection selection, GroupColumn groupBy) {
        String column = ViewRollupTable.dimensionColumn(groupBy.dimension());
        List<String> conditions = groupBy.missingValue() == null ? List.of(column + " IS NOT NULL") : List.of();
        SqlBuilder builder = new SqlBuilder();
        HistogramSqlGenerator.Key key = new HistogramSqlGenerator.Key(FIELD, column, column,
                keyBuilder -> QuerySqlGenerator.groupExpression(keyBuilder, groupBy), conditions);
        withSideMetrics(builder, metrics, selection, key, null, statement -> {
            statement.sql("SELECT ");
            QuerySqlGenerator.groupExpression(statement, groupBy);
            statement.sql(" AS " + FIELD + ", " + metricColumns(metrics) + "\nFROM ");
            fromSelected(statement, selection, new CellShape(column, column, measuresRead(metrics)), conditions);
            // Cells whose views all moved away keep a row of zeros until merged; they are no group.
            statement.sql("\nGROUP BY " + FIELD + "\nHAVING " + sum(ViewRollupTable.ATTEMPTS) + " > 0");
        });
        return builder.build();
    }

    @Override
    public SqlStatement metricByBucket(List<MeasuredMetric> metrics, ViewSelection selection, long bucketWidthMs) {
        String slot = cube.slotStart().name();
        String bucket = dialect.floorDiv(slot, bucketWidthMs) + " * " + bucketWidthMs;
        SqlBuilder builder = new SqlBuilder();
        HistogramSqlGenerator.Key key = new HistogramSqlGenerator.Key(BUCKET_START_MS, slot,
                cube.slotOfPlayRequest(dialect), keyBuilder -> keyBuilder.sql(bucket), List.of());
        boolean wrapped = metrics.stream().anyMatch(RollupSqlGenerator::isSideMetric);
        withSideMetrics(builder, metrics, selection, key, bucketWidthMs, statement -> {
            statement.sql("SELECT " + bucket + " AS " + BUCKET_START_MS + ", " + metricColumns(metrics) + "\nFROM ");
            fromSelected(statement, selection,
                    new CellShape(slot, cube.slotOfPlayRequest(dialect), measuresRead(metrics)), List.of());
            statement.sql("\nGROUP BY " + BUCKET_START_MS + "\nHAVING " + sum(ViewRollupTable.ATTEMPTS) + " > 0");
            if (!wrapped) {
                statement.sql("\nORDER BY " + BUCKET_START_MS);
            }
        });
        if (wrapped) {
            builder.sql("\nORDER BY c." + BUCKET_START_MS);
        }
        return builder.build();
    }

    /** A metric computed beside the cube statement: from the histograms or from the viewer sequence. */
    private static boolean isSideMetric(MeasuredMetric metric) {
        return HistogramSqlGenerator.isHistogramMetric(metric) || ViewerSequenceSqlGenerator.isViewerMetric(metric);
    }

    /**
     * Appends the cube statement alone when no metric is computed beside it; else the cube statement as {@code c}
     * joined (on the key) with one subquery per such metric (a histogram's, or the viewer sequence's, bucketed by
     * {@code bucketWidthMs} when not null), each metric's value taken from where it is computed.
     */
    private void withSideMetrics(SqlBuilder builder, List<MeasuredMetric> metrics, ViewSelection selection,
                                 HistogramSqlGenerator.Key key, Long bucketWidthMs, Consumer<SqlBuilder> cubeStatement) {
        if (metrics.stream().noneMatch(RollupSqlGenerator::isSideMetric)) {
            cubeStatement.accept(builder);
            return;
        }
        List<String> columns = new ArrayList<>();
        if (key.alias() != null) {
            columns.add("c." + key.alias());
        }
        for (int i = 0; i < metrics.size(); i++) {
            String value = ResultColumns.metricValue(i);
            MeasuredMetric metric = metrics.get(i);
            columns.add(!isSideMetric(metric) ? "c." + value
                    // a group or bucket without a value of a sum or a count is 0, as on the views path
                    : metric.measurement() == Measurement.SUM || ViewerSequenceSqlGenerator.isViewerMetric(metric)
                    ? "coalesce(h" + i + "." + value + ", 0) AS " + value
                    : "h" + i + "." + value);
        }
        Stream.of(ResultColumns.VIEW_COUNT, ResultColumns.TOTAL_WATCH_TIME_MS, ResultColumns.TOTAL_PLAYING_TIME_MS)
                .forEach(total -> columns.add("c." + total));
        builder.sql("SELECT " + String.join(", ", columns) + "\nFROM (");
        cubeStatement.accept(builder);
        builder.sql(") AS c");
        long wholeFromMs = cube.firstWholeSlotMs(selection.range());
        long wholeToMs = cube.endOfWholeSlotsMs(selection.range());
        for (int i = 0; i < metrics.size(); i++) {
            if (!isSideMetric(metrics.get(i))) {
                continue;
            }
            builder.sql(key.alias() == null ? "\nCROSS JOIN (" : "\nLEFT JOIN (");
            if (ViewerSequenceSqlGenerator.isViewerMetric(metrics.get(i))) {
                viewers.appendMetric(builder, ResultColumns.metricValue(i), selection, bucketWidthMs, key.alias());
            } else {
                histograms.appendMetric(builder, metrics.get(i), ResultColumns.metricValue(i), selection,
                        wholeFromMs, wholeToMs, key);
            }
            builder.sql(") AS h" + i + (key.alias() == null ? ""
                    : " ON h" + i + "." + key.alias() + " = c." + key.alias()));
        }
    }

    /**
     * The rollup measures a statement reads, in table order: the ones its metrics need, and the attempts and time sums
     * every result row carries ({@link #metricColumns}).
     */
    static List<Measure> measuresRead(List<MeasuredMetric> metrics) {
        Set<Measure> read = new HashSet<>(List.of(ViewRollupTable.ATTEMPTS, timeSum(ViewTable.WATCH_TIME_MS),
                timeSum(ViewTable.PLAYING_TIME_MS)));
        for (MeasuredMetric metric : metrics) {
            read.addAll(measuresOf(metric.expression()));
        }
        return ViewRollupTable.MEASURES.stream().filter(read::contains).toList();
    }

    private static List<Measure> measuresOf(MetricExpression expression) {
        return switch (expression) {
            case ViewCount count -> List.of(countOf(count.predicate()).orElseThrow());
            case ColumnSum sum -> List.of(ViewRollupTable.sumOf(sum.column()).orElseThrow());
            case CountRatio ratio -> List.of(countOf(ratio.numerator()).orElseThrow(),
                    countOf(ratio.denominator()).orElseThrow());
            case SumRatio ratio -> Stream.concat(ratio.numerators().stream(), Stream.of(ratio.denominator()))
                    .map(column -> ViewRollupTable.sumOf(column).orElseThrow())
                    .toList();
            // read from the histograms, and from the viewer sequence
            case PerViewAggregate aggregate -> List.of();
            case DistinctCount distinct -> List.of();
            case Concurrency concurrency -> throw notInRollup(expression);
        };
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

    /** The cube's metric columns (a histogram or viewer metric is computed beside it) and the row totals. */
    private String metricColumns(List<MeasuredMetric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a metric statement needs at least one metric");
        }
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < metrics.size(); i++) {
            if (isSideMetric(metrics.get(i))) {
                continue;
            }
            columns.append(render(metrics.get(i).expression())).append(" AS metric_value_").append(i).append(", ");
        }
        return columns + "coalesce(" + sum(ViewRollupTable.ATTEMPTS) + ", 0) AS view_count, "
                + "coalesce(" + sum(timeSum(ViewTable.WATCH_TIME_MS)) + ", 0) AS total_watch_time_ms, "
                + "coalesce(" + sum(timeSum(ViewTable.PLAYING_TIME_MS)) + ", 0) AS total_playing_time_ms";
    }

    /**
     * What each row under the metric arithmetic carries: the key it is grouped by, if any ({@code keyColumn} in the
     * rollup, {@code keyFromViews} computed from a views row), and the measures the statement reads.
     */
    private record CellShape(String keyColumn, String keyFromViews, List<Measure> measures) {
    }

    /**
     * The rollup cells of the selection and the WHERE clause that picks them (filters and {@code conditions}
     * included). A range off the hour is a union of the rollup's whole hours and each partial edge hour rolled up
     * from the views, each part filtered and cut down to the shape's key and measures, so the edge scans read only the
     * columns the question needs.
     */
    private void fromSelected(SqlBuilder builder, ViewSelection selection, CellShape shape, List<String> conditions) {
        long fromMs = selection.range().fromMs();
        long toMs = selection.range().toMs();
        long wholeFromMs = cube.firstWholeSlotMs(selection.range());
        long wholeToMs = cube.endOfWholeSlotsMs(selection.range());
        if (wholeFromMs == fromMs && wholeToMs == toMs) {
            builder.sql(cube.name());
            whereInSlots(builder, selection, fromMs, toMs, conditions);
            return;
        }
        List<String> measureNames = shape.measures().stream().map(Measure::name).toList();
        builder.sql("(SELECT " + String.join(", ", withKey(shape.keyColumn(), measureNames))
                + "\nFROM " + cube.name());
        whereInSlots(builder, selection, wholeFromMs, wholeToMs, conditions);
        if (fromMs < wholeFromMs) {
            partialHourRolledUp(builder, selection, fromMs, wholeFromMs, shape, conditions);
        }
        if (wholeToMs < toMs) {
            partialHourRolledUp(builder, selection, wholeToMs, toMs, shape, conditions);
        }
        builder.sql(") AS " + cube.name());
    }

    private void whereInSlots(SqlBuilder builder, ViewSelection selection, long fromMs, long toMs,
                              List<String> conditions) {
        whereProjectAndSlots(builder, cube, selection.projectId(), fromMs, toMs);
        FilterSql.appendAll(builder, selection.filters());
        conditions.forEach(condition -> builder.sql(" AND " + condition));
    }

    /** The rows of a rollup-shaped table (the cube, the histograms) of one project in whole hours [from, to). */
    static void whereProjectAndHours(SqlBuilder builder, String projectId, long fromMs, long toMs) {
        whereProjectAndSlots(builder, ViewRollupTable.HOURLY, projectId, fromMs, toMs);
    }

    private static void whereProjectAndSlots(SqlBuilder builder, Cube cube, String projectId, long fromMs, long toMs) {
        String hour = cube.slotStart().name();
        builder.sql("\nWHERE " + ViewRollupTable.PROJECT_ID.name() + " = ")
                .param(projectId)
                .sql(" AND " + hour + " >= ")
                .param(fromMs)
                .sql(" AND " + hour + " < ")
                .param(toMs);
    }

    /**
     * The views of one partial hour at an edge of the range, {@code [fromMs, toMs)}, as rows of the shape: the same
     * contributions the store's maintenance adds up, computed now. One statement per edge, each a plain range on the
     * play request, so the store skips the rest of the views table (an {@code OR} of the two ranges made DuckDB scan
     * all of it).
     */
    private void partialHourRolledUp(SqlBuilder builder, ViewSelection selection, long fromMs, long toMs,
                                     CellShape shape, List<String> conditions) {
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        List<String> contributions = ViewRollupTable.contributionColumns(dialect, "1", shape.measures());
        String key = shape.keyColumn() == null ? null
                : shape.keyFromViews().equals(shape.keyColumn()) ? shape.keyColumn()
                : shape.keyFromViews() + " AS " + shape.keyColumn();
        builder.sql("\nUNION ALL\nSELECT " + String.join(", ", withKey(key, contributions))
                        + "\nFROM " + dialect.viewsSource() + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(selection.projectId())
                .sql(" AND " + playRequested + " >= ")
                .param(fromMs)
                .sql(" AND " + playRequested + " < ")
                .param(toMs);
        FilterSql.appendAll(builder, selection.filters());
        conditions.forEach(condition -> builder.sql(" AND " + condition));
        if (shape.keyColumn() != null) {
            builder.sql("\nGROUP BY " + shape.keyColumn());
        }
    }

    private static List<String> withKey(String key, List<String> columns) {
        return key == null ? columns : Stream.concat(Stream.of(key), columns.stream()).toList();
    }

    private String sum(Measure measure) {
        return dialect.sumIf(measure.name(), null);
    }

    private static Measure timeSum(ViewColumn column) {
        return ViewRollupTable.sumOf(column).orElseThrow();
    }

    private static Optional<Measure> countOf(ViewPredicate predicate) {
        ViewColumn flag = predicate.isAll() ? null : predicate.flag();
        return ViewRollupTable.countOf(flag);
    }

    private static IllegalArgumentException notInRollup(MetricExpression expression) {
        return new IllegalArgumentException(expression + " is not held by the rollup");
    }
}
