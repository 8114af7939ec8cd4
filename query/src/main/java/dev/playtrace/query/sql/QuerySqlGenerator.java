package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Page;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewTable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Builds every SELECT the query engine runs, for one dialect. Metric names and columns come only from the catalogue
 * and {@link ViewTable}; every user value (project, times, filter values, ids, paging) is a bound parameter.
 */
public final class QuerySqlGenerator implements MetricStatements {
    /** Concurrency over a window with measurement max samples the active views at {@code from + k × this}. */
    public static final long SAMPLE_INTERVAL_MS = 60_000L;

    private static final String ACTIVE_FROM = "active_from_ms";
    private static final String ACTIVE_TO = "active_to_ms";
    private static final String FIELD = "field";

    private final SqlDialect dialect;
    private final MetricSqlRenderer renderer;

    public QuerySqlGenerator(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.renderer = new MetricSqlRenderer(dialect);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** One row: one value per metric (in order), views, Σ watch time, Σ playing time. */
    @Override
    public SqlStatement metricTotals(List<MeasuredMetric> metrics, ViewSelection selection) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + metricColumns(metrics) + "\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        return builder.build();
    }

    /**
     * Per (renamed) value of the dimension, null values left out: field, one value per metric, views, Σ watch time,
     * Σ playing time.
     */
    @Override
    public SqlStatement metricByGroup(List<MeasuredMetric> metrics, ViewSelection selection, GroupColumn groupBy) {
        String column = column(groupBy.dimension());
        SqlBuilder builder = new SqlBuilder().sql("SELECT ");
        groupExpression(builder, groupBy);
        builder.sql(" AS " + FIELD + ", " + metricColumns(metrics) + "\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        if (groupBy.missingValue() == null) {
            builder.sql(" AND " + column + " IS NOT NULL");
        }
        builder.sql("\nGROUP BY " + FIELD);
        return builder.build();
    }

    /**
     * Per UTC bucket of the play request time, ascending: bucket start (ms), one value per metric, views, Σ watch time,
     * Σ playing time. Only buckets with views are returned.
     */
    @Override
    public SqlStatement metricByBucket(List<MeasuredMetric> metrics, ViewSelection selection, long bucketWidthMs) {
        String bucket = dialect.floorDiv(ViewTable.PLAY_REQUESTED_AT_MS.name(), bucketWidthMs) + " * " + bucketWidthMs;
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + bucket + " AS bucket_start_ms, " + metricColumns(metrics)
                        + "\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql("\nGROUP BY bucket_start_ms\nORDER BY bucket_start_ms");
        return builder.build();
    }

    /**
     * Started views of the selection by time bucket of the play request and startup-time bin: bucket start, bin
     * index (0 for {@code [0, e0)}, … , n for {@code [e_{n-1}, ∞)}), views.
     */
    public SqlStatement startupTimeHistogram(ViewSelection selection, long bucketWidthMs, List<Long> binEdgesMs) {
        String bucket = dialect.floorDiv(ViewTable.PLAY_REQUESTED_AT_MS.name(), bucketWidthMs) + " * " + bucketWidthMs;
        String startup = ViewTable.STARTUP_TIME_MS.name();
        SqlBuilder builder = new SqlBuilder().sql("SELECT " + bucket + " AS bucket_start_ms, CASE");
        for (int bin = 0; bin < binEdgesMs.size(); bin++) {
            builder.sql(" WHEN " + startup + " < ").param(binEdgesMs.get(bin)).sql(" THEN " + bin);
        }
        builder.sql(" ELSE " + binEdgesMs.size() + " END AS bin, " + dialect.countIf(null) + " AS view_count"
                + "\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(" AND " + dialect.isTrue(ViewTable.IS_STARTED.name()) + " AND " + startup + " IS NOT NULL"
                + "\nGROUP BY bucket_start_ms, bin");
        return builder.build();
    }

    /**
     * For the selected views of the given groups: group value, attribute value, views; one row per pair, attribute
     * nulls left out. The engine picks each group's most frequent attribute value from these.
     */
    public SqlStatement groupAttributes(ViewSelection selection, Dimension groupBy, List<String> groups,
                                        Dimension attribute) {
        String column = column(groupBy);
        String attributeColumn = column(attribute);
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + column + " AS " + FIELD + ", " + attributeColumn + " AS attribute_value, "
                        + dialect.countIf(null) + " AS view_count\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(" AND " + attributeColumn + " IS NOT NULL");
        FilterSql.appendAll(builder, List.of(new Filter(groupBy, groups, false)));
        builder.sql("\nGROUP BY " + column + ", " + attributeColumn);
        return builder.build();
    }

    /**
     * Views active at the instants {@code first + k × step} (k = 0 … count − 1), grouped by which instants they
     * cover: [field,] first instant k, end instant k (exclusive; {@code count} for views still open), views. A view
     * is active at t when {@code first_frame_at <= t < view end}; an open view from its first frame on.
     *
     * @param groupBy null for no grouping
     */
    public SqlStatement activeAtInstants(String projectId, long firstInstantMs, long stepMs, int instantCount,
                                         List<Filter> filters, Dimension groupBy) {
        String firstFrame = ViewTable.FIRST_FRAME_AT_MS.name();
        String viewEnd = ViewTable.VIEW_END_MS.name();
        String closed = dialect.isTrue(ViewTable.CLOSED.name());
        CoveringInterval active = new CoveringInterval("covered", firstFrame,
                List.of(new IntervalEnd(closed, viewEnd)),
                "(NOT " + closed + " OR " + viewEnd + " > ?)");
        return viewsCoveringInstants(active, projectId, firstInstantMs, stepMs, instantCount, filters, groupBy);
    }

    /**
     * Like {@link #activeAtInstants} for the views starting up: from the play request to the first frame, or to the
     * view end for a closed view that never started (an open one stays starting up through the last instant).
     */
    public SqlStatement startingUpAtInstants(String projectId, long firstInstantMs, long stepMs, int instantCount,
                                             List<Filter> filters, Dimension groupBy) {
        String firstFrame = ViewTable.FIRST_FRAME_AT_MS.name();
        String viewEnd = ViewTable.VIEW_END_MS.name();
        String closed = dialect.isTrue(ViewTable.CLOSED.name());
        CoveringInterval startingUp = new CoveringInterval("starting", ViewTable.PLAY_REQUESTED_AT_MS.name(),
                List.of(new IntervalEnd(firstFrame + " IS NOT NULL", firstFrame), new IntervalEnd(closed, viewEnd)),
                "(" + firstFrame + " > ? OR (" + firstFrame + " IS NULL AND (NOT " + closed + " OR " + viewEnd
                        + " > ?)))");
        return viewsCoveringInstants(startingUp, projectId, firstInstantMs, stepMs, instantCount, filters, groupBy);
    }

    /**
     * The interval over which a view counts at an instant: from {@code startColumn} to the end column of the first
     * {@link IntervalEnd} whose condition holds (the last instant, for none). {@code endsAfterFirstInstant} keeps the
     * views whose interval reaches past the first instant; each of its placeholders binds that instant.
     */
    private record CoveringInterval(String alias, String startColumn, List<IntervalEnd> ends,
                                    String endsAfterFirstInstant) {
    }

    private record IntervalEnd(String condition, String endColumn) {
    }

    private SqlStatement viewsCoveringInstants(CoveringInterval interval, String projectId, long firstInstantMs,
                                               long stepMs, int instantCount, List<Filter> filters,
                                               Dimension groupBy) {
        String field = groupBy == null ? "" : FIELD + ", ";
        long lastInstantMs = firstInstantMs + (instantCount - 1L) * stepMs;
        long roundUp = stepMs - 1;
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + field + "first_instant, end_instant, " + dialect.countIf(null) + " AS view_count"
                        + "\nFROM (SELECT " + (groupBy == null ? "" : column(groupBy) + " AS " + FIELD + ", "))
                .sqlWithParams(dialect.floorDiv(interval.startColumn() + " - ? + " + roundUp, stepMs)
                        + " AS first_instant, ", firstInstantMs)
                .sql("CASE");
        for (IntervalEnd end : interval.ends()) {
            builder.sqlWithParams(" WHEN " + end.condition() + " THEN "
                    + dialect.floorDiv(end.endColumn() + " - ? + " + roundUp, stepMs), firstInstantMs);
        }
        String endsAfter = interval.endsAfterFirstInstant();
        Object[] firstInstants = java.util.Collections.nCopies((int) endsAfter.chars().filter(c -> c == '?').count(),
                (Object) firstInstantMs).toArray();
        builder.sqlWithParams(" ELSE ? END AS end_instant", (long) instantCount)
                .sql("\nFROM " + dialect.viewsSource() + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(projectId)
                .sql(" AND " + interval.startColumn() + " IS NOT NULL AND " + interval.startColumn() + " <= ")
                .param(lastInstantMs)
                .sqlWithParams(" AND " + endsAfter, firstInstants);
        if (groupBy != null) {
            builder.sql(" AND " + column(groupBy) + " IS NOT NULL");
        }
        FilterSql.appendAll(builder, filters);
        builder.sql(") AS " + interval.alias() + "\nGROUP BY " + field + "first_instant, end_instant");
        return builder.build();
    }

    /** One row: views active in the window, Σ active time within it (ms), Σ watch time, Σ playing time. */
    public SqlStatement activeTotals(ActiveWindow window) {
        SqlBuilder builder = new SqlBuilder().sql("SELECT " + activeColumns() + "\nFROM (");
        activeIntervals(builder, window, null);
        builder.sql(") AS active\nWHERE " + ACTIVE_TO + " > " + ACTIVE_FROM);
        return builder.build();
    }

    /** Per value of the dimension: field, active views, Σ active time within the window, Σ watch, Σ playing time. */
    public SqlStatement activeByGroup(ActiveWindow window, Dimension groupBy) {
        SqlBuilder builder = new SqlBuilder().sql("SELECT " + FIELD + ", " + activeColumns() + "\nFROM (");
        activeIntervals(builder, window, groupBy);
        builder.sql(") AS active\nWHERE " + ACTIVE_TO + " > " + ACTIVE_FROM + "\nGROUP BY " + FIELD);
        return builder.build();
    }

    /**
     * Active intervals grouped by the first and last bucket (index = start / width) they touch: first bucket, last
     * bucket, views, Σ (active from − first bucket start), Σ (active to − last bucket start), Σ active time. From
     * these the engine spreads active time exactly over the buckets.
     */
    public SqlStatement activeSpans(ActiveWindow window, long bucketWidthMs) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT first_bucket, last_bucket, " + dialect.countIf(null) + " AS view_count"
                        + ", sum(" + ACTIVE_FROM + " - first_bucket * " + bucketWidthMs + ") AS from_offset_ms"
                        + ", sum(" + ACTIVE_TO + " - last_bucket * " + bucketWidthMs + ") AS to_offset_ms"
                        + ", sum(" + ACTIVE_TO + " - " + ACTIVE_FROM + ") AS active_ms"
                        + "\nFROM (SELECT " + ACTIVE_FROM + ", " + ACTIVE_TO
                        + ", " + dialect.floorDiv(ACTIVE_FROM, bucketWidthMs) + " AS first_bucket"
                        + ", " + dialect.floorDiv(ACTIVE_TO + " - 1", bucketWidthMs) + " AS last_bucket"
                        + "\nFROM (");
        activeIntervals(builder, window, null);
        builder.sql(") AS active\nWHERE " + ACTIVE_TO + " > " + ACTIVE_FROM + ") AS spans"
                + "\nGROUP BY first_bucket, last_bucket");
        return builder.build();
    }

    /**
     * Which minute samples ({@code t_k = from + k × 60 s}) each active view covers, grouped: [field,] first sample
     * k, end sample k (exclusive), views.
     *
     * @param groupBy null for no grouping
     */
    public SqlStatement activeSamples(ActiveWindow window, Dimension groupBy) {
        String field = groupBy == null ? "" : FIELD + ", ";
        long roundUp = SAMPLE_INTERVAL_MS - 1;
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + field + "first_sample, end_sample, " + dialect.countIf(null) + " AS view_count"
                        + "\nFROM (SELECT " + field)
                .sqlWithParams(dialect.floorDiv(ACTIVE_FROM + " - ? + " + roundUp, SAMPLE_INTERVAL_MS)
                        + " AS first_sample, ", window.fromMs())
                .sqlWithParams(dialect.floorDiv(ACTIVE_TO + " - ? + " + roundUp, SAMPLE_INTERVAL_MS)
                        + " AS end_sample", window.fromMs())
                .sql("\nFROM (");
        activeIntervals(builder, window, groupBy);
        builder.sql(") AS active\nWHERE " + ACTIVE_TO + " > " + ACTIVE_FROM + ") AS samples\nGROUP BY "
                + field + "first_sample, end_sample");
        return builder.build();
    }

    /** Every views column of the page of views whose view end lies in the range, newest first unless ascending. */
    public SqlStatement listViews(ViewListQuery query) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + String.join(", ", ViewTable.storedColumnNames()) + "\nFROM " + dialect.viewsSource());
        whereListed(builder, query);
        String direction = query.descending() ? " DESC" : " ASC";
        builder.sql("\nORDER BY " + listedAt(query) + direction + ", " + ViewTable.VIEW_ID.name()
                + direction + "\n");
        builder.fragment(dialect.limitOffset(query.page().limit(), query.page().offset()));
        return builder.build();
    }

    /** One row: how many views {@link #listViews} would list over all pages. */
    public SqlStatement countListedViews(ViewListQuery query) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + dialect.countIf(null) + " AS view_count\nFROM " + dialect.viewsSource());
        whereListed(builder, query);
        return builder.build();
    }

    /** Every views column of the views of any project still open (to resume them after a restart). */
    public SqlStatement openViews() {
        return new SqlBuilder()
                .sql("SELECT " + String.join(", ", ViewTable.storedColumnNames()) + "\nFROM " + dialect.viewsSource()
                        + "\nWHERE NOT " + dialect.isTrue(ViewTable.CLOSED.name()))
                .build();
    }

    /** Every views column of one view, or no row. */
    public SqlStatement view(String projectId, String viewId) {
        return new SqlBuilder()
                .sql("SELECT " + String.join(", ", ViewTable.storedColumnNames()) + "\n")
                .fragment(dialect.oneView(projectId, viewId))
                .build();
    }

    /**
     * A page of (value, views) of the dimension among the selected views, most frequent first; nulls left out.
     *
     * @param page null for every value
     */
    public SqlStatement dimensionValues(ViewSelection selection, Dimension dimension, Page page) {
        String column = column(dimension);
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + column + " AS dimension_value, " + dialect.countIf(null) + " AS view_count\nFROM "
                        + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(" AND " + column + " IS NOT NULL\nGROUP BY " + column
                + "\nORDER BY view_count DESC, dimension_value ASC");
        if (page != null) {
            builder.sql("\n").fragment(dialect.limitOffset(page.limit(), page.offset()));
        }
        return builder.build();
    }

    /** One row: how many distinct non-null values the dimension has among the selected views. */
    public SqlStatement dimensionValueCount(ViewSelection selection, Dimension dimension) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + dialect.countDistinctIf(column(dimension), null) + " AS value_count\nFROM "
                        + dialect.viewsSource());
        whereSelected(builder, selection);
        return builder.build();
    }

    /**
     * Selected views with a fatal error, per error code, most frequent first: code, views, last seen (ms), the
     * message of the latest one.
     */
    public SqlStatement errors(ViewSelection selection) {
        String code = ViewTable.FATAL_ERROR_CODE.name();
        String atMs = ViewTable.FATAL_ERROR_AT_MS.name();
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + code + " AS error_code_value, " + dialect.countIf(null) + " AS view_count, max("
                        + atMs + ") AS last_seen_ms, " + dialect.argMax(ViewTable.FATAL_ERROR_MESSAGE.name(), atMs)
                        + " AS last_message\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(" AND " + dialect.isTrue(ViewTable.HAS_FATAL_ERROR.name()) + "\nGROUP BY " + code
                + "\nORDER BY view_count DESC, error_code_value ASC");
        return builder.build();
    }

    private String metricColumns(List<MeasuredMetric> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a metric statement needs at least one metric");
        }
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < metrics.size(); i++) {
            MeasuredMetric metric = metrics.get(i);
            columns.append(renderer.render(metric.expression(), metric.measurement())).append(" AS metric_value_")
                    .append(i).append(", ");
        }
        return columns + dialect.countIf(null) + " AS view_count, "
                + "coalesce(sum(" + ViewTable.WATCH_TIME_MS.name() + "), 0) AS total_watch_time_ms, "
                + "coalesce(sum(" + ViewTable.PLAYING_TIME_MS.name() + "), 0) AS total_playing_time_ms";
    }

    private String activeColumns() {
        return dialect.countIf(null) + " AS view_count, "
                + "coalesce(sum(" + ACTIVE_TO + " - " + ACTIVE_FROM + "), 0) AS active_ms, "
                + "coalesce(sum(" + ViewTable.WATCH_TIME_MS.name() + "), 0) AS total_watch_time_ms, "
                + "coalesce(sum(" + ViewTable.PLAYING_TIME_MS.name() + "), 0) AS total_playing_time_ms";
    }

    /** Each filtered view's active interval clipped to the window (it may be empty; callers drop those). */
    private void activeIntervals(SqlBuilder builder, ActiveWindow window, Dimension groupBy) {
        String firstFrame = ViewTable.FIRST_FRAME_AT_MS.name();
        builder.sql("SELECT ")
                .sqlWithParams("greatest(" + firstFrame + ", ?) AS " + ACTIVE_FROM, window.fromMs())
                .sqlWithParams(", least(CASE WHEN " + dialect.isTrue(ViewTable.CLOSED.name()) + " THEN "
                        + ViewTable.VIEW_END_MS.name() + " ELSE ? END, ?) AS " + ACTIVE_TO,
                        window.nowMs(), window.toMs());
        if (groupBy != null) {
            builder.sql(", " + column(groupBy) + " AS " + FIELD);
        }
        builder.sql(", " + ViewTable.WATCH_TIME_MS.name() + ", " + ViewTable.PLAYING_TIME_MS.name()
                        + "\nFROM " + dialect.viewsSource() + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(window.projectId())
                .sql(" AND " + firstFrame + " IS NOT NULL AND " + firstFrame + " < ")
                .param(window.toMs());
        if (groupBy != null) {
            builder.sql(" AND " + column(groupBy) + " IS NOT NULL");
        }
        FilterSql.appendAll(builder, window.filters());
    }

    private void whereSelected(SqlBuilder builder, ViewSelection selection) {
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        TimeRange range = selection.range();
        builder.sql("\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(selection.projectId())
                .sql(" AND " + playRequested + " >= ")
                .param(range.fromMs())
                .sql(" AND " + playRequested + " < ")
                .param(range.toMs());
        FilterSql.appendAll(builder, selection.filters());
    }

    private static String listedAt(ViewListQuery query) {
        return switch (query.listedBy()) {
            case VIEW_END -> ViewTable.VIEW_END_MS.name();
            case VIEW_START -> ViewTable.VIEW_START_MS.name();
        };
    }

    private void whereListed(SqlBuilder builder, ViewListQuery query) {
        String viewEnd = listedAt(query);
        builder.sql("\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(query.projectId())
                .sql(" AND " + viewEnd + " >= ")
                .param(query.range().fromMs())
                .sql(" AND " + viewEnd + " < ")
                .param(query.range().toMs());
        FilterSql.appendAll(builder, query.filters());
        if (query.viewerId() != null) {
            builder.sql(" AND " + ViewTable.VIEWER_ID.name() + " = ").param(query.viewerId());
        }
        if (query.errorCode() != null) {
            builder.sql(" AND " + column(Dimension.ERROR_CODE) + " = ").param(query.errorCode());
        }
        if (query.closedOnly()) {
            builder.sql(" AND " + dialect.isTrue(ViewTable.CLOSED.name()));
        }
        query.eventFieldValues().forEach((field, value) -> builder
                .sql(" AND " + ViewTable.VIEW_ID.name() + " IN (SELECT " + EventTable.VIEW_ID.name() + " FROM "
                        + EventTable.NAME + " WHERE " + EventTable.PROJECT_ID.name() + " = ")
                .param(query.projectId())
                .sql(" AND ")
                .fragment(dialect.jsonText(EventTable.FIELDS_JSON.name(), field))
                .sql(" = ")
                .param(value)
                .sql(")"));
    }

    /**
     * The group column ({@code coalesce(column, ?)} when views without a value form a group), inside
     * {@code CASE … WHEN ? THEN ? … ELSE … END} when values are renamed.
     */
    static void groupExpression(SqlBuilder builder, GroupColumn groupBy) {
        SqlBuilder value = new SqlBuilder();
        if (groupBy.missingValue() == null) {
            value.sql(column(groupBy.dimension()));
        } else {
            value.sql("coalesce(" + column(groupBy.dimension()) + ", ").param(groupBy.missingValue()).sql(")");
        }
        if (groupBy.renames().isEmpty()) {
            builder.fragment(value.toFragment());
            return;
        }
        builder.sql("CASE ").fragment(value.toFragment());
        groupBy.renames().forEach((stored, renamed) -> builder.sql(" WHEN ").param(stored).sql(" THEN ").param(renamed));
        builder.sql(" ELSE ").fragment(value.toFragment()).sql(" END");
    }

    private static String column(Dimension dimension) {
        return ViewTable.dimension(dimension).name();
    }
}
