package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Breakdown;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.ErrorSummary;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricDescription;
import dev.playtrace.query.MetricValue;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.TimeBucket;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.sql.ActiveWindow;
import dev.playtrace.query.sql.QuerySqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.playtrace.store.spi.RowValues.doubleOrNull;
import static dev.playtrace.store.spi.RowValues.longOrZero;
import static dev.playtrace.store.spi.RowValues.text;
import static java.util.Objects.requireNonNull;

/**
 * Answers {@link QueryService} questions by resolving metrics in the catalogue, generating SQL for the store's
 * dialect and shaping the rows. Every statement is scoped to the query's project. Time windows ending in the future
 * are cut at the clock's now (metrics.md §3a.12), and timeseries list buckets only up to now.
 *
 * <p>Empty timeseries buckets carry the metric's value over no views (metrics.md §5: count 0, ratio null) and 0 views.
 * For {@code concurrent_viewers} the views and time totals are those of the views active at some time in the
 * window (or bucket), since that metric does not select views by their play request.
 */
public final class QueryEngine implements QueryService {
    private final ViewStore store;
    private final Clock clock;
    private final MetricCatalog catalog;
    private final QuerySqlGenerator sql;
    private final ConcurrencyCalculator concurrency;

    public QueryEngine(ViewStore store, Clock clock) {
        this(store, clock, MetricCatalog.standard());
    }

    public QueryEngine(ViewStore store, Clock clock, MetricCatalog catalog) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.sql = new QuerySqlGenerator(store.dialect());
        this.concurrency = new ConcurrencyCalculator(store, sql);
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
    public MetricValue overall(Query query) {
        MetricDefinition metric = catalog.require(query.metricId());
        Measurement measurement = metric.resolveMeasurement(query.measurement());
        long nowMs = clock.millis();
        TimeRange range = clampTo(query.range(), nowMs);
        if (metric.expression() instanceof MetricExpression.Concurrency) {
            return concurrency.overall(activeWindow(query.projectId(), range, query.filters(), nowMs), measurement);
        }
        Object[] row = single(store.select(sql.metricTotals(metric.expression(), measurement,
                new ViewSelection(query.projectId(), range, query.filters()))));
        return new MetricValue(doubleOrNull(row[0]), longOrZero(row[1]), longOrZero(row[2]), longOrZero(row[3]));
    }

    @Override
    public Breakdown breakdown(Query query) {
        MetricDefinition metric = catalog.require(query.metricId());
        Measurement measurement = metric.resolveMeasurement(query.measurement());
        Dimension groupBy = query.groupByDimension().orElseThrow(() -> new PlaytraceException(
                ErrorCode.INVALID_PARAMETER, "a breakdown needs a dimension to group by"));
        long nowMs = clock.millis();
        TimeRange range = clampTo(query.range(), nowMs);
        List<GroupStats> groups;
        if (metric.expression() instanceof MetricExpression.Concurrency) {
            groups = concurrency.byGroup(activeWindow(query.projectId(), range, query.filters(), nowMs), groupBy,
                    measurement);
        } else {
            groups = new ArrayList<>();
            ViewSelection selection = new ViewSelection(query.projectId(), range, query.filters());
            for (Object[] row : store.select(sql.metricByGroup(metric.expression(), measurement, selection, groupBy))) {
                groups.add(new GroupStats(text(row[0]), doubleOrNull(row[1]), longOrZero(row[2]), longOrZero(row[3]),
                        longOrZero(row[4])));
            }
        }
        return BreakdownAssembler.assemble(groups, overall(query), metric.higherIsBetter(), query.orderBy(),
                query.descending(), query.page());
    }

    @Override
    public List<TimeBucket> timeseries(Query query) {
        MetricDefinition metric = catalog.require(query.metricId());
        Measurement measurement = metric.resolveMeasurement(query.measurement());
        Granularity granularity = query.granularity() != null ? query.granularity() : Granularity.auto(query.range());
        long nowMs = clock.millis();
        TimeRange range = clampTo(query.range(), nowMs);
        BucketGrid grid = BucketGrid.covering(range, granularity.widthMs());
        if (metric.expression() instanceof MetricExpression.Concurrency) {
            return concurrency.timeseries(activeWindow(query.projectId(), range, query.filters(), nowMs), measurement,
                    grid);
        }
        Map<Long, TimeBucket> filled = new HashMap<>();
        ViewSelection selection = new ViewSelection(query.projectId(), range, query.filters());
        for (Object[] row : store.select(sql.metricByBucket(metric.expression(), measurement, selection,
                granularity.widthMs()))) {
            long bucketStartMs = longOrZero(row[0]);
            filled.put(bucketStartMs, new TimeBucket(bucketStartMs, doubleOrNull(row[1]), longOrZero(row[2])));
        }
        Double emptyValue = metric.expression().valueOverNoViews();
        List<TimeBucket> buckets = new ArrayList<>(grid.count());
        for (int i = 0; i < grid.count(); i++) {
            long startMs = grid.startMs(i);
            buckets.add(filled.getOrDefault(startMs, new TimeBucket(startMs, emptyValue, 0)));
        }
        return buckets;
    }

    @Override
    public long concurrentViewersAt(String projectId, long instantMs, List<Filter> filters) {
        return concurrency.at(ActiveWindow.at(projectId, instantMs, openViewsActiveThrough(instantMs), filters));
    }

    @Override
    public List<GroupRow> concurrentViewersBreakdown(String projectId, long instantMs, List<Filter> filters,
                                                     Dimension dimension) {
        requireNonNull(dimension, "dimension is null");
        return concurrency.atByGroup(ActiveWindow.at(projectId, instantMs, openViewsActiveThrough(instantMs), filters), dimension);
    }

    /** Open views are active until now; asked about the instant now itself, they are active at it. */
    private long openViewsActiveThrough(long instantMs) {
        return Math.max(clock.millis(), instantMs + 1);
    }

    @Override
    public List<View> openViews() {
        return store.select(sql.openViews()).stream().map(ViewTable::toView).toList();
    }

    @Override
    public ViewPage listViews(ViewListQuery query) {
        List<View> views = store.select(sql.listViews(query)).stream().map(ViewTable::toView).toList();
        long total = longOrZero(single(store.select(sql.countListedViews(query)))[0]);
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
    public List<DimensionValue> dimensionValues(String projectId, Dimension dimension, TimeRange range,
                                                List<Filter> filters, Page page) {
        ViewSelection selection = new ViewSelection(projectId, clampToNow(range), filters);
        return store.select(sql.dimensionValues(selection, dimension, page)).stream()
                .map(row -> new DimensionValue(text(row[0]), longOrZero(row[1])))
                .toList();
    }

    @Override
    public long dimensionValueCount(String projectId, Dimension dimension, TimeRange range, List<Filter> filters) {
        ViewSelection selection = new ViewSelection(projectId, clampToNow(range), filters);
        return longOrZero(single(store.select(sql.dimensionValueCount(selection, dimension)))[0]);
    }

    @Override
    public List<ErrorSummary> errors(String projectId, TimeRange range, List<Filter> filters) {
        ViewSelection selection = new ViewSelection(projectId, clampToNow(range), filters);
        MetricDefinition views = catalog.require("views");
        long totalViews = longOrZero(single(store.select(
                sql.metricTotals(views.expression(), views.defaultMeasurement(), selection)))[1]);
        return store.select(sql.errors(selection)).stream()
                .map(row -> {
                    long count = longOrZero(row[1]);
                    return new ErrorSummary(text(row[0]), text(row[3]), count, count * 100.0 / totalViews,
                            longOrZero(row[2]));
                })
                .toList();
    }

    private TimeRange clampToNow(TimeRange range) {
        return clampTo(range, clock.millis());
    }

    private static TimeRange clampTo(TimeRange range, long nowMs) {
        long toMs = Math.max(range.fromMs(), Math.min(range.toMs(), nowMs));
        return new TimeRange(range.fromMs(), toMs);
    }

    private static ActiveWindow activeWindow(String projectId, TimeRange clamped, List<Filter> filters, long nowMs) {
        return new ActiveWindow(projectId, clamped.fromMs(), clamped.toMs(), nowMs, filters);
    }

    private static Object[] single(List<Object[]> rows) {
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }
}
