package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.DimensionValuePage;
import dev.playtrace.query.ErrorSummary;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricDescription;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.StartupHistogramPoint;
import dev.playtrace.query.StartupHistogramQuery;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.sql.QuerySqlGenerator;
import dev.playtrace.query.sql.ResultColumns;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.playtrace.query.sql.ResultColumns.DIMENSION_VALUE;
import static dev.playtrace.query.sql.ResultColumns.ERROR_CODE_VALUE;
import static dev.playtrace.query.sql.ResultColumns.LAST_MESSAGE;
import static dev.playtrace.query.sql.ResultColumns.LAST_SEEN_MS;
import static dev.playtrace.query.sql.ResultColumns.VALUE_COUNT;
import static dev.playtrace.query.sql.ResultColumns.VIEW_COUNT;
import static java.util.Objects.requireNonNull;

/**
 * Answers {@link QueryService} questions: plans each {@link Query} against the catalogue ({@link QueryPlan}), runs
 * it ({@link MetricRows}), and shapes the rows ({@link ResultShaper}). Every statement is scoped to the query's
 * project. Time windows ending in the future are cut at the clock's now (metrics.md §3a.12), and timeseries list
 * buckets only up to now.
 */
public final class QueryEngine implements QueryService {
    private static final String STARTUP_TIME = "video_startup_time";

    private final ViewStore store;
    private final Clock clock;
    private final MetricCatalog catalog;
    private final QuerySqlGenerator sql;
    private final ConcurrencyCalculator concurrency;
    private final MetricRows metricRows;
    private final Rollups rollups;

    /** When the engine answers from the store's hourly rollup (if the store keeps one). */
    public enum Rollups {
        /** When the rollup answers exactly and costs no more than the views table ({@code RollupCost}): the default. */
        WHEN_CHEAPER,
        /** Whenever the rollup answers exactly, whatever it costs (cross-checks of every rollup statement). */
        WHEN_EXACT,
        /** Never: every question reads the views table (baselines, cross-checks). */
        NEVER
    }

    public QueryEngine(ViewStore store, Clock clock) {
        this(store, clock, MetricCatalog.standard());
    }

    public QueryEngine(ViewStore store, Clock clock, MetricCatalog catalog) {
        this(store, clock, catalog, Rollups.WHEN_CHEAPER);
    }

    /** With {@link Rollups#NEVER}, every question reads the views table (baselines, cross-checks). */
    public QueryEngine(ViewStore store, Clock clock, MetricCatalog catalog, Rollups rollups) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        requireNonNull(rollups, "rollups is null");
        this.rollups = store.maintainsViewRollup() ? rollups : Rollups.NEVER;
        this.sql = new QuerySqlGenerator(store.dialect());
        this.concurrency = new ConcurrencyCalculator(store, sql);
        this.metricRows = new MetricRows(store, sql, concurrency);
    }

    @Override
    public List<MetricDescription> metrics() {
        return catalog.definitions().stream().map(MetricDefinition::toDescription).toList();
    }

    @Override
    public Optional<MetricDescription> metric(String metricId) {
        return catalog.find(metricId).map(MetricDefinition::toDescription);
    }

    @Override
    public QueryResult run(Query query) {
        long nowMs = clock.millis();
        QueryPlan plan = QueryPlan.of(query, catalog, clampTo(query.range(), nowMs), nowMs, rollups);
        List<ResultRow> rows;
        if (query.grouping() != null) {
            rows = ResultShaper.keep(metricRows.byGroup(plan), query.keptGroups());
            if (query.impactRanks()) {
                rows = ImpactRanks.assign(rows, metricRows.total(plan), plan.metrics().getFirst().definition());
            }
        } else if (query.granularity() != null) {
            rows = metricRows.byBucket(plan);
        } else {
            rows = List.of(metricRows.total(plan));
        }
        List<ResultRow> sorted = ResultShaper.sorted(rows, query.sort(), query.granularity() != null);
        List<ResultRow> page = ResultShaper.page(sorted, query.page());
        if (query.grouping() != null && !query.grouping().attributes().isEmpty()) {
            page = metricRows.withAttributes(plan, page);
        }
        return new QueryResult(plan.resolvedMetrics(), page, sorted.size());
    }

    /**
     * Whether {@link #run} would compute this query's per-view metrics from the store's hourly rollup rather than the
     * views table (for tests and benchmarks that must know which path answered).
     */
    public boolean answersFromRollup(Query query) {
        return rollupTable(query).isPresent();
    }

    /** The rollup cube's table that answers the query's per-view metrics, or empty when the views table does. */
    public Optional<String> rollupTable(Query query) {
        long nowMs = clock.millis();
        return Optional.ofNullable(QueryPlan.of(query, catalog, clampTo(query.range(), nowMs), nowMs, rollups).rollupCube())
                .map(ViewRollupTable.Cube::name);
    }

    @Override
    public List<ConcurrencyPoint> concurrentViewers(ConcurrencyQuery query) {
        List<ConcurrencyPoint> points = concurrency.atInstants(query);
        if (query.recentMetric() == null || points.isEmpty()) {
            return points;
        }
        long windowMs = query.recentWindow().widthMs();
        long firstMs = query.firstInstantMs();
        long lastMs = query.instantMs(query.instantCount() - 1);
        Query recent = Query.of(query.projectId(), List.of(query.recentMetric()),
                new TimeRange(firstMs - windowMs, Math.max(lastMs, firstMs - windowMs + 1))).withFilters(query.filters());
        if (query.groupBy() != null) {
            // one instant: the metric per group over the window before it
            Map<String, Double> byGroup = new HashMap<>();
            for (ResultRow row : run(recent.withGroupBy(query.groupBy())).rows()) {
                byGroup.put(row.group(), row.value());
            }
            ConcurrencyPoint point = points.getFirst();
            return List.of(point.withRecentMetric(run(recent).total().value(), point.groups().stream()
                    .map(group -> group.withRecentMetric(byGroup.get(group.value()))).toList()));
        }
        // the windows tile the series: instant k's window is the bucket starting one window before it
        List<ResultRow> buckets = query.instantCount() == 1 ? List.of(run(recent).total())
                : run(recent.withGranularity(query.recentWindow()).withOrder(OrderBy.BUCKET, false)).rows();
        List<ConcurrencyPoint> withMetric = new ArrayList<>(points.size());
        for (int k = 0; k < points.size(); k++) {
            ConcurrencyPoint point = points.get(k);
            withMetric.add(point.withRecentMetric(k < buckets.size() ? buckets.get(k).value() : null, point.groups()));
        }
        return withMetric;
    }

    @Override
    public List<StartupHistogramPoint> startupTimeHistogram(StartupHistogramQuery query) {
        TimeRange range = clampTo(query.range(), clock.millis());
        BucketGrid grid = BucketGrid.covering(range, query.granularity().widthMs());
        long[][] counts = new long[grid.count()][query.binCount()];
        for (StoreRow row : store.select(sql.startupTimeHistogram(
                new ViewSelection(query.projectId(), range, query.filters()), grid.widthMs(), query.binEdgesMs()))) {
            int bucket = grid.indexOfTime(row.longOrZero(ResultColumns.BUCKET_START_MS));
            int bin = (int) row.longOrZero(ResultColumns.BIN);
            if (bucket >= 0 && bin >= 0 && bin < query.binCount()) {
                counts[bucket][bin] += row.longOrZero(VIEW_COUNT);
            }
        }
        List<ResultRow> statistics = run(Query.of(query.projectId(), List.of(
                        new MetricRequest(STARTUP_TIME, Measurement.MEDIAN),
                        new MetricRequest(STARTUP_TIME, Measurement.AVG),
                        new MetricRequest(STARTUP_TIME, Measurement.P95)), range)
                .withFilters(query.filters()).withGranularity(query.granularity()).withOrder(OrderBy.BUCKET, false))
                .rows();
        List<StartupHistogramPoint> points = new ArrayList<>(grid.count());
        for (int i = 0; i < grid.count(); i++) {
            ResultRow row = i < statistics.size() && statistics.get(i).bucketStartMs() == grid.startMs(i)
                    ? statistics.get(i) : null;
            points.add(new StartupHistogramPoint(grid.startMs(i), Arrays.stream(counts[i]).boxed().toList(),
                    row == null ? null : row.value(0), row == null ? null : row.value(1),
                    row == null ? null : row.value(2)));
        }
        return points;
    }

    @Override
    public List<View> openViews() {
        return store.select(sql.openViews()).stream().map(ViewTable::toView).toList();
    }

    @Override
    public ViewPage listViews(ViewListQuery query) {
        List<View> views = store.select(sql.listViews(query)).stream().map(ViewTable::toView).toList();
        long total = single(store.select(sql.countListedViews(query))).longOrZero(VIEW_COUNT);
        return new ViewPage(views, total);
    }

    @Override
    public Optional<View> view(String projectId, String viewId) {
        return store.select(sql.view(projectId, viewId)).stream().findFirst().map(ViewTable::toView);
    }

    @Override
    public List<PlayerEvent> events(String projectId, String viewId) {
        return store.loadEvents(projectId, viewId);
    }

    @Override
    public List<PlayerEvent> events(View view) {
        return store.loadEvents(view);
    }

    @Override
    public Map<String, List<PlayerEvent>> events(String projectId, List<String> viewIds) {
        Map<String, TreeMap<Long, PlayerEvent>> bySequence = new LinkedHashMap<>();
        viewIds.forEach(viewId -> bySequence.put(viewId, new TreeMap<>()));
        List<ViewKey> views = viewIds.stream().distinct().map(viewId -> new ViewKey(projectId, viewId)).toList();
        for (PlayerEvent event : store.loadEvents(views)) {
            TreeMap<Long, PlayerEvent> events = bySequence.get(event.viewId());
            if (events != null && event.projectId().equals(projectId)) {
                // a redelivered event may be stored twice: one per sequence number, as loadEvents(project, view)
                events.putIfAbsent(event.sequenceNumber(), event);
            }
        }
        Map<String, List<PlayerEvent>> events = new LinkedHashMap<>();
        bySequence.forEach((viewId, ordered) -> events.put(viewId, List.copyOf(ordered.values())));
        return events;
    }

    @Override
    public DimensionValuePage dimensionValues(String projectId, Dimension dimension, TimeRange range,
                                              List<Filter> filters, Page page) {
        ViewSelection selection = new ViewSelection(projectId, clampTo(range, clock.millis()), filters);
        List<DimensionValue> values = store.select(sql.dimensionValues(selection, dimension, page)).stream()
                .map(row -> new DimensionValue(row.text(DIMENSION_VALUE), row.longOrZero(VIEW_COUNT)))
                .toList();
        boolean wholeList = page == null || (page.isFirst() && values.size() < page.limit());
        long total = wholeList ? values.size()
                : single(store.select(sql.dimensionValueCount(selection, dimension))).longOrZero(VALUE_COUNT);
        return new DimensionValuePage(values, total);
    }

    @Override
    public List<ErrorSummary> errors(String projectId, TimeRange range, List<Filter> filters) {
        TimeRange clamped = clampTo(range, clock.millis());
        long totalViews = metricRows.total(QueryPlan.of(Query.of(projectId, "views", range).withFilters(filters),
                catalog, clamped, clock.millis(), rollups)).views();
        ViewSelection selection = new ViewSelection(projectId, clamped, filters);
        return store.select(sql.errors(selection)).stream()
                .map(row -> {
                    long count = row.longOrZero(VIEW_COUNT);
                    return new ErrorSummary(row.text(ERROR_CODE_VALUE), row.text(LAST_MESSAGE), count,
                            count * 100.0 / totalViews, row.longOrZero(LAST_SEEN_MS));
                })
                .toList();
    }

    private static TimeRange clampTo(TimeRange range, long nowMs) {
        long toMs = Math.max(range.fromMs(), Math.min(range.toMs(), nowMs));
        return new TimeRange(range.fromMs(), toMs);
    }

    static StoreRow single(List<StoreRow> rows) {
        if (rows.size() != 1) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }
}
