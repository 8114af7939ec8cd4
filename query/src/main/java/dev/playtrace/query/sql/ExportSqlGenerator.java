package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportQuery;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewTable;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Builds the SELECTs of exports, for one dialect. The rows are those every metric counts: one project's views whose
 * play request lies in the range and that pass the filters ({@link ViewSelection}), so an export's row count is the
 * {@code views} metric and its sums are the {@code watch_time}, {@code playing_time}, ... totals of the same
 * selection; the events export holds every stored event of exactly those views. Columns carry the names of the
 * native API's video view ({@code GET /data/v1/video-views/{id}}), its events as {@code events[]} items plus the
 * view's id. Column expressions come from {@link ViewTable} and {@link EventTable}; every user value is bound.
 */
public final class ExportSqlGenerator {
    private final SqlDialect dialect;
    private final List<Selected> viewColumns;
    private final List<Selected> eventColumns;

    public ExportSqlGenerator(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.viewColumns = viewSelectList(dialect);
        this.eventColumns = eventSelectList();
    }

    /** The columns of the views export, in file order. */
    public List<ExportColumn> viewColumns() {
        return viewColumns.stream().map(Selected::column).toList();
    }

    /** The columns of the events export, in file order. */
    public List<ExportColumn> eventColumns() {
        return eventColumns.stream().map(Selected::column).toList();
    }

    /** The selected views, ordered by play request time then view id. */
    public ExportQuery views(ViewSelection selection) {
        SqlBuilder builder = new SqlBuilder().sql("SELECT " + selectList(viewColumns) + "\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql("\nORDER BY " + ViewTable.PLAY_REQUESTED_AT_MS.name() + ", " + ViewTable.VIEW_ID.name());
        return new ExportQuery(builder.build(), viewColumns());
    }

    /**
     * Every event of the selected views, in stored order (the order the sessionizer wrote them, by flush): not sorted,
     * because sorting a day of events costs the store far more than writing them (measured on a day of 8.8M events:
     * 41 s and 5.2 GB of DuckDB memory sorted, 18 s and 0.76 GB as stored). Readers sort by {@code view_id,
     * sequence_number}.
     */
    public ExportQuery events(ViewSelection selection) {
        String events = EventTable.NAME;
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + selectList(eventColumns) + "\nFROM " + events
                        + "\nWHERE " + events + "." + EventTable.PROJECT_ID.name() + " = ")
                .param(selection.projectId())
                .sql(" AND " + events + "." + EventTable.VIEW_ID.name() + " IN (SELECT " + ViewTable.VIEW_ID.name()
                        + " FROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(")");
        return new ExportQuery(builder.build(), eventColumns());
    }

    /** One row: how many selected views are still open (the daily export waits for them to close). */
    public dev.playtrace.store.spi.SqlStatement openViewCount(ViewSelection selection) {
        SqlBuilder builder = new SqlBuilder()
                .sql("SELECT " + dialect.countIf(null) + " AS view_count\nFROM " + dialect.viewsSource());
        whereSelected(builder, selection);
        builder.sql(" AND NOT " + dialect.isTrue(ViewTable.CLOSED.name()));
        return builder.build();
    }

    private void whereSelected(SqlBuilder builder, ViewSelection selection) {
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        builder.sql("\nWHERE " + ViewTable.PROJECT_ID.name() + " = ")
                .param(selection.projectId())
                .sql(" AND " + playRequested + " >= ")
                .param(selection.range().fromMs())
                .sql(" AND " + playRequested + " < ")
                .param(selection.range().toMs());
        FilterSql.appendAll(builder, selection.filters());
    }

    private static String selectList(List<Selected> columns) {
        return String.join(", ", columns.stream().map(c -> c.expression() + " AS " + c.column().name()).toList());
    }

    /** An export column and the SQL expression that yields it. */
    private record Selected(ExportColumn column, String expression) {
    }

    /** In the order and with the names of {@code GET /data/v1/video-views/{id}} (without {@code events}). */
    private static List<Selected> viewSelectList(SqlDialect dialect) {
        List<Selected> columns = new ArrayList<>();
        add(columns, "id", ExportColumn.Type.TEXT, ViewTable.VIEW_ID.name());
        add(columns, "view_id", ExportColumn.Type.TEXT, ViewTable.VIEW_ID.name());
        add(columns, "property_id", ExportColumn.Type.TEXT, ViewTable.PROJECT_ID.name());
        add(columns, "environment_id", ExportColumn.Type.TEXT, ViewTable.PROJECT_ID.name());
        add(columns, "viewer_id", ExportColumn.Type.TEXT, ViewTable.VIEWER_ID.name());
        add(columns, "version", ExportColumn.Type.BIGINT, ViewTable.VERSION.name());
        add(columns, "view_start", ExportColumn.Type.TIMESTAMP_MS, ViewTable.VIEW_START_MS.name());
        add(columns, "view_end", ExportColumn.Type.TIMESTAMP_MS, ViewTable.VIEW_END_MS.name());
        add(columns, "play_requested_at", ExportColumn.Type.TIMESTAMP_MS, ViewTable.PLAY_REQUESTED_AT_MS.name());
        add(columns, "first_frame_at", ExportColumn.Type.TIMESTAMP_MS, ViewTable.FIRST_FRAME_AT_MS.name());
        add(columns, "time_to_first_frame", ExportColumn.Type.BIGINT, ViewTable.STARTUP_TIME_MS.name());
        add(columns, "video_startup_time", ExportColumn.Type.BIGINT, ViewTable.STARTUP_TIME_MS.name());
        add(columns, "watch_time", ExportColumn.Type.BIGINT, ViewTable.WATCH_TIME_MS.name());
        add(columns, "view_playing_time", ExportColumn.Type.BIGINT, ViewTable.PLAYING_TIME_MS.name());
        add(columns, "play_duration", ExportColumn.Type.BIGINT, ViewTable.PLAY_DURATION_MS.name());
        add(columns, "buffering_count", ExportColumn.Type.INTEGER, ViewTable.REBUFFER_COUNT.name());
        add(columns, "buffering_duration", ExportColumn.Type.BIGINT, ViewTable.REBUFFER_DURATION_MS.name());
        add(columns, "rebuffer_count", ExportColumn.Type.INTEGER, ViewTable.REBUFFER_COUNT.name());
        add(columns, "rebuffer_duration", ExportColumn.Type.BIGINT, ViewTable.REBUFFER_DURATION_MS.name());
        // View.rebufferFrequencyPerMinute and View.rebufferPercentage: null without watch time
        add(columns, "buffering_rate", ExportColumn.Type.DOUBLE, dialect.divideOrNull(
                dialect.toDouble(ViewTable.REBUFFER_COUNT.name()) + " * 60000.0", ViewTable.WATCH_TIME_MS.name()));
        add(columns, "rebuffer_percentage", ExportColumn.Type.DOUBLE, dialect.divideOrNull(
                dialect.toDouble(ViewTable.REBUFFER_DURATION_MS.name()) + " * 100.0", ViewTable.WATCH_TIME_MS.name()));
        add(columns, "view_seek_count", ExportColumn.Type.INTEGER, ViewTable.SEEK_COUNT.name());
        add(columns, "view_seek_duration", ExportColumn.Type.BIGINT, ViewTable.SEEK_BUFFER_DURATION_MS.name());
        add(columns, "weighted_average_bitrate", ExportColumn.Type.DOUBLE, ViewTable.AVG_BITRATE_BPS.name());
        add(columns, "rendition_change_count", ExportColumn.Type.INTEGER, ViewTable.RENDITION_CHANGE_COUNT.name());
        add(columns, "view_average_upscale_percentage", ExportColumn.Type.DOUBLE, ViewTable.UPSCALE_PCT.name());
        add(columns, "view_max_upscale_percentage", ExportColumn.Type.DOUBLE, ViewTable.MAX_UPSCALE_PCT.name());
        add(columns, "startup_score", ExportColumn.Type.DOUBLE, ViewTable.STARTUP_TIME_SCORE.name());
        add(columns, "rebuffering_score", ExportColumn.Type.DOUBLE, ViewTable.SMOOTHNESS_SCORE.name());
        add(columns, "quality_score", ExportColumn.Type.DOUBLE, ViewTable.VIDEO_QUALITY_SCORE.name());
        add(columns, "playback_score", ExportColumn.Type.DOUBLE, ViewTable.PLAYBACK_SUCCESS_SCORE.name());
        add(columns, "viewer_experience_score", ExportColumn.Type.DOUBLE, ViewTable.VIEWER_EXPERIENCE_SCORE.name());
        add(columns, "outcome", ExportColumn.Type.TEXT, "lower(" + ViewTable.OUTCOME.name() + ")");
        add(columns, "watched", ExportColumn.Type.BOOLEAN, ViewTable.IS_STARTED.name());
        add(columns, "ended", ExportColumn.Type.BOOLEAN, ViewTable.ENDED.name());
        add(columns, "closed", ExportColumn.Type.BOOLEAN, ViewTable.CLOSED.name());
        add(columns, Dimension.EXIT_BEFORE_VIDEO_START.id(), ExportColumn.Type.BOOLEAN,
                ViewTable.IS_EXIT_BEFORE_VIDEO_START.name());
        add(columns, Dimension.VIDEO_STARTUP_FAILURE.id(), ExportColumn.Type.BOOLEAN,
                ViewTable.IS_VIDEO_STARTUP_FAILURE.name());
        add(columns, Dimension.VIDEO_STARTUP_BUSINESS_EXCEPTION.id(), ExportColumn.Type.BOOLEAN,
                ViewTable.IS_VIDEO_STARTUP_BUSINESS_EXCEPTION.name());
        add(columns, Dimension.PLAYBACK_FAILURE.id(), ExportColumn.Type.BOOLEAN, ViewTable.IS_PLAYBACK_FAILURE.name());
        add(columns, Dimension.PLAYBACK_BUSINESS_EXCEPTION.id(), ExportColumn.Type.BOOLEAN,
                ViewTable.IS_PLAYBACK_BUSINESS_EXCEPTION.name());
        add(columns, Dimension.VIEW_DROPPED.id(), ExportColumn.Type.BOOLEAN, ViewTable.DROPPED.name());
        add(columns, "player_error_code", ExportColumn.Type.TEXT, ViewTable.FATAL_ERROR_CODE.name());
        add(columns, "player_error_message", ExportColumn.Type.TEXT, ViewTable.FATAL_ERROR_MESSAGE.name());
        add(columns, "error_count", ExportColumn.Type.INTEGER, ViewTable.ERROR_COUNT.name());
        add(columns, "warning_count", ExportColumn.Type.INTEGER, ViewTable.WARNING_COUNT.name());
        for (Dimension dimension : Dimension.values()) {
            if (!dimension.isOutcomeFlag() && dimension.beaconField() != null) {
                // Mux's view record names the CDN "cdn", not after its beacon key video_cdn
                String name = dimension == Dimension.CDN ? "cdn" : dimension.beaconField();
                add(columns, name, ExportColumn.Type.TEXT, ViewTable.dimension(dimension).name());
            }
        }
        add(columns, "event_count", ExportColumn.Type.INTEGER, ViewTable.EVENT_COUNT.name());
        return List.copyOf(columns);
    }

    /** The fields of a {@code events[]} item of the video view, after the view's id. */
    private static List<Selected> eventSelectList() {
        String events = EventTable.NAME + ".";
        List<Selected> columns = new ArrayList<>();
        add(columns, "view_id", ExportColumn.Type.TEXT, events + EventTable.VIEW_ID.name());
        add(columns, "name", ExportColumn.Type.TEXT, events + EventTable.EVENT_NAME.name());
        add(columns, "event_time", ExportColumn.Type.BIGINT, events + EventTable.EVENT_TIME_MS.name());
        add(columns, "viewer_time", ExportColumn.Type.BIGINT, events + EventTable.VIEWER_TIME_MS.name());
        add(columns, "playback_time", ExportColumn.Type.BIGINT, events + EventTable.PLAYHEAD_MS.name());
        add(columns, "sequence_number", ExportColumn.Type.BIGINT, events + EventTable.SEQUENCE_NUMBER.name());
        add(columns, "details", ExportColumn.Type.JSON, events + EventTable.FIELDS_JSON.name());
        return List.copyOf(columns);
    }

    private static void add(List<Selected> columns, String name, ExportColumn.Type type, String expression) {
        columns.add(new Selected(new ExportColumn(name, type), expression));
    }
}
