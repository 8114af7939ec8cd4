package dev.playtrace.store.spi;

import java.util.List;

/**
 * {@link ViewerSequenceTable} counted by hour: per project, hour of the play request and hour of the previous play
 * request, the number of sequence rows. A viewer counts in a bucket that starts on the hour when its previous play
 * request lies in an earlier hour than the bucket's, so the whole hours of a timeseries of distinct viewers (hourly,
 * daily) are sums of cells; only a window's partial edge hours and, when the window starts off the hour, the views of
 * its first bucket whose previous view lies in the window's first partial hour are counted from the sequence itself.
 *
 * <p>The previous hour is kept only when it lies within {@link #RECENT_MS} before the play request; otherwise (and
 * for a viewer's first view) it is {@link #NO_RECENT_PREVIOUS}, which sorts before every hour. That bounds the cells
 * of one hour to about a month of previous hours, and it is exact wherever a viewer's previous view is compared with
 * a start at most {@link #RECENT_MS} before the view: every bucket of at most that width, and totals over windows of
 * at most that length. See {@code docs/rollups.md} §4.
 */
public final class ViewerSequenceHourlyTable {
    public static final String NAME = "viewer_sequence_hourly";
    public static final long HOUR_MS = 3_600_000L;
    /** How far back a previous play request keeps its hour: 31 days, the longest dashboard window. */
    public static final long RECENT_MS = 31 * 24 * HOUR_MS;
    /** The previous hour of a viewer's first view, or of a view whose previous one is older than {@link #RECENT_MS}. */
    public static final long NO_RECENT_PREVIOUS = 0L;

    public static final ColumnSpec PROJECT_ID = new ColumnSpec("project_id", ColumnType.TEXT, false);
    public static final ColumnSpec HOUR_START_MS = new ColumnSpec("hour_start_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec PREVIOUS_HOUR_START_MS =
            new ColumnSpec("previous_hour_start_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec VIEWS = new ColumnSpec("views", ColumnType.BIGINT, false);

    public static final List<ColumnSpec> COLUMNS = List.of(PROJECT_ID, HOUR_START_MS, PREVIOUS_HOUR_START_MS, VIEWS);

    private ViewerSequenceHourlyTable() {
    }

    /** The table, keyed (for sort order; no uniqueness enforced) by project and hour. */
    public static TableLayout layout() {
        return new TableLayout(NAME, COLUMNS, List.of(PROJECT_ID.name(), HOUR_START_MS.name()), null);
    }

    public static List<String> columnNames() {
        return COLUMNS.stream().map(ColumnSpec::name).toList();
    }

    /** The hour of a play request column. */
    public static String hourOf(SqlDialect dialect, String playRequestedAt) {
        return dialect.floorDiv(playRequestedAt, HOUR_MS) + " * " + HOUR_MS;
    }

    /** The previous hour of a sequence row, from its play request and previous play request columns. */
    public static String previousHourOf(SqlDialect dialect, String playRequestedAt, String previousPlayRequestedAt) {
        return "CASE WHEN " + previousPlayRequestedAt + " IS NULL OR " + previousPlayRequestedAt + " < "
                + playRequestedAt + " - " + RECENT_MS + " THEN " + NO_RECENT_PREVIOUS + " ELSE "
                + hourOf(dialect, previousPlayRequestedAt) + " END";
    }
}
