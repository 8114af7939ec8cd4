package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.engine.QueryPlan.PlannedMetric;
import dev.playtrace.query.sql.GroupColumn;
import dev.playtrace.query.sql.MetricStatements;
import dev.playtrace.query.sql.QuerySqlGenerator;
import dev.playtrace.query.sql.RollupSqlGenerator;
import dev.playtrace.query.sql.ResultColumns;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewRollupTable.Cube;
import dev.playtrace.store.spi.ViewStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.playtrace.query.sql.ResultColumns.ATTRIBUTE_VALUE;
import static dev.playtrace.query.sql.ResultColumns.BUCKET_START_MS;
import static dev.playtrace.query.sql.ResultColumns.DIMENSION_VALUE;
import static dev.playtrace.query.sql.ResultColumns.FIELD;
import static dev.playtrace.query.sql.ResultColumns.TOTAL_PLAYING_TIME_MS;
import static dev.playtrace.query.sql.ResultColumns.TOTAL_WATCH_TIME_MS;
import static dev.playtrace.query.sql.ResultColumns.VIEW_COUNT;

/**
 * Computes the rows of a planned query: all per-view metrics in one statement, each concurrency metric from active
 * intervals, joined on the group value or bucket. A row's views and time totals come from the per-view statement
 * (views selected by play request) when the query has a per-view metric, else from the first concurrency metric.
 */
final class MetricRows {
    private final ViewStore store;
    private final QuerySqlGenerator sql;
    private final Map<Cube, RollupSqlGenerator> rollupSql;
    private final ConcurrencyCalculator concurrency;

    MetricRows(ViewStore store, QuerySqlGenerator sql, ConcurrencyCalculator concurrency) {
        this.store = store;
        this.sql = sql;
        this.rollupSql = ViewRollupTable.CUBES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                cube -> new RollupSqlGenerator(sql.dialect(), cube)));
        this.concurrency = concurrency;
    }

    /** Where the per-view statement reads: the rollup cube the plan chose, else the views. */
    private MetricStatements perViewSource(QueryPlan plan) {
        return plan.servedByRollup() ? rollupSql.get(plan.rollupCube()) : sql;
    }

    ResultRow total(QueryPlan plan) {
        RowBuilder row = new RowBuilder(null, null, plan.metrics().size());
        List<PlannedMetric> perView = plan.perViewMetrics();
        if (!perView.isEmpty()) {
            row.fill(perView, QueryEngine.single(store.select(perViewSource(plan).metricTotals(plan.measuredPerViewMetrics(),
                    plan.selection()))));
        }
        for (PlannedMetric metric : plan.concurrencyMetrics()) {
            row.fill(metric, concurrency.overall(plan.activeWindow(), metric.measurement()), perView.isEmpty());
        }
        return row.build();
    }

    List<ResultRow> byGroup(QueryPlan plan) {
        Grouping grouping = plan.query().grouping();
        GroupColumn column = groupColumn(plan, grouping);
        List<PlannedMetric> perView = plan.perViewMetrics();
        Map<String, RowBuilder> rows = new LinkedHashMap<>();
        if (!perView.isEmpty()) {
            for (StoreRow values : store.select(perViewSource(plan).metricByGroup(plan.measuredPerViewMetrics(), plan.selection(), column))) {
                String group = values.text(FIELD);
                rows.computeIfAbsent(group, g -> new RowBuilder(g, null, plan.metrics().size())).fill(perView, values);
            }
        }
        for (PlannedMetric metric : plan.concurrencyMetrics()) {
            if (!column.renames().isEmpty() || column.missingValue() != null) {
                throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                        metric.definition().id() + " cannot be grouped by renamed dimension values");
            }
            concurrency.byGroup(plan.activeWindow(), grouping.dimension(), metric.measurement()).forEach((group, stats) ->
                    rows.computeIfAbsent(group, g -> new RowBuilder(g, null, plan.metrics().size()))
                            .fill(metric, stats, perView.isEmpty()));
        }
        return rows.values().stream().map(RowBuilder::build).toList();
    }

    List<ResultRow> byBucket(QueryPlan plan) {
        BucketGrid grid = plan.grid();
        List<PlannedMetric> perView = plan.perViewMetrics();
        List<RowBuilder> rows = new ArrayList<>(grid.count());
        for (int i = 0; i < grid.count(); i++) {
            RowBuilder row = new RowBuilder(null, grid.startMs(i), plan.metrics().size());
            for (PlannedMetric metric : perView) {
                row.values[metric.index()] = metric.definition().expression().valueOverNoViews(metric.measurement());
            }
            rows.add(row);
        }
        if (!perView.isEmpty()) {
            for (StoreRow values : store.select(perViewSource(plan).metricByBucket(plan.measuredPerViewMetrics(), plan.selection(),
                    grid.widthMs()))) {
                int index = grid.indexOfTime(values.longOrZero(BUCKET_START_MS));
                if (index >= 0) {
                    rows.get(index).fill(perView, values);
                }
            }
        }
        for (PlannedMetric metric : plan.concurrencyMetrics()) {
            List<Stats> buckets = concurrency.timeseries(plan.activeWindow(), metric.measurement(), grid);
            for (int i = 0; i < grid.count(); i++) {
                rows.get(i).fill(metric, buckets.get(i), perView.isEmpty());
            }
        }
        return rows.stream().map(RowBuilder::build).toList();
    }

    /** The page's rows with the most frequent value of each attribute the grouping asks for. */
    List<ResultRow> withAttributes(QueryPlan plan, List<ResultRow> page) {
        Grouping grouping = plan.query().grouping();
        if (grouping.mapping() != null || grouping.missingValueGroup() != null) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                    "attributes of renamed or missing-value groups are not supported");
        }
        List<String> groups = page.stream().map(ResultRow::group).toList();
        if (groups.isEmpty()) {
            return page;
        }
        Map<String, Map<Dimension, String>> attributes = new HashMap<>();
        for (Dimension attribute : grouping.attributes()) {
            Map<String, StoreRow> best = new HashMap<>();
            for (StoreRow row : store.select(sql.groupAttributes(plan.selection(), grouping.dimension(), groups, attribute))) {
                best.merge(row.text(FIELD), row, MetricRows::moreFrequent);
            }
            best.forEach((group, row) ->
                    attributes.computeIfAbsent(group, g -> new HashMap<>()).put(attribute, row.text(ATTRIBUTE_VALUE)));
        }
        return page.stream()
                .map(row -> new ResultRow(row.group(), row.bucketStartMs(), row.values(), row.views(),
                        row.watchTimeMs(), row.playingTimeMs(), row.negativeImpact(),
                        attributes.getOrDefault(row.group(), Map.of())))
                .toList();
    }

    /** More views wins; a tie goes to the smaller value. */
    private static StoreRow moreFrequent(StoreRow left, StoreRow right) {
        int byViews = Long.compare(left.longOrZero(VIEW_COUNT), right.longOrZero(VIEW_COUNT));
        if (byViews != 0) {
            return byViews > 0 ? left : right;
        }
        return left.text(ATTRIBUTE_VALUE).compareTo(right.text(ATTRIBUTE_VALUE)) <= 0 ? left : right;
    }

    /** Stored values the grouping's mapping renames, read from the selected views (one statement). */
    private GroupColumn groupColumn(QueryPlan plan, Grouping grouping) {
        if (grouping.mapping() == null) {
            return new GroupColumn(grouping.dimension(), Map.of(), grouping.missingValueGroup());
        }
        List<String> storedValues = new ArrayList<>();
        for (StoreRow row : store.select(sql.dimensionValues(plan.selection(), grouping.dimension(), null))) {
            storedValues.add(row.text(DIMENSION_VALUE));
        }
        if (grouping.missingValueGroup() != null) {
            storedValues.add(grouping.missingValueGroup());
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (String stored : storedValues) {
            String mapped = grouping.mapping().map(stored);
            if (mapped != null && !mapped.equals(stored)) {
                renames.put(stored, mapped);
            }
        }
        return new GroupColumn(grouping.dimension(), renames, grouping.missingValueGroup());
    }

    /** A row being filled from several statements. */
    private static final class RowBuilder {
        private final String group;
        private final Long bucketStartMs;
        private final Double[] values;
        private long views;
        private long watchTimeMs;
        private long playingTimeMs;

        RowBuilder(String group, Long bucketStartMs, int metricCount) {
            this.group = group;
            this.bucketStartMs = bucketStartMs;
            this.values = new Double[metricCount];
        }

        /** From a per-view statement row: the metric values, views, watch and playing time. */
        void fill(List<PlannedMetric> perView, StoreRow row) {
            for (int i = 0; i < perView.size(); i++) {
                values[perView.get(i).index()] = row.doubleOrNull(ResultColumns.metricValue(i));
            }
            views = row.longOrZero(VIEW_COUNT);
            watchTimeMs = row.longOrZero(TOTAL_WATCH_TIME_MS);
            playingTimeMs = row.longOrZero(TOTAL_PLAYING_TIME_MS);
        }

        void fill(PlannedMetric metric, Stats stats, boolean totalsFromThis) {
            values[metric.index()] = stats.value();
            if (totalsFromThis) {
                views = stats.views();
                watchTimeMs = stats.watchTimeMs();
                playingTimeMs = stats.playingTimeMs();
            }
        }

        ResultRow build() {
            return new ResultRow(group, bucketStartMs, java.util.Arrays.asList(values), views, watchTimeMs,
                    playingTimeMs, 0, Map.of());
        }
    }
}
