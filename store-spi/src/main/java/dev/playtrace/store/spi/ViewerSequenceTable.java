package dev.playtrace.store.spi;

import java.util.List;

/**
 * Each viewer's views in the order of their play requests, for exact distinct viewers without a distinct count: one
 * row per stored view that has a viewer id and a play request, holding the play request of the same viewer's previous
 * view (views of a viewer ordered by play request, then view number; null for the viewer's first view). Viewers and
 * views are told apart by 126 bits of their ids' MD5: two ids with the same bits would count as one viewer, which
 * only ids made for it can do (and a client that can send beacons can make up viewers anyway).
 *
 * <p>The viewers of a project with a view in a window [from, to) are then counted once each, at their first view in
 * the window: the rows with a play request in the window whose previous play request is null or before {@code from}.
 * That is a filtered count over two integer columns, where {@code count(DISTINCT viewer_id)} hashes every view's id;
 * it holds for any window, to the millisecond, and for each bucket of a timeseries with the bucket's own start. It
 * says nothing about subsets of the views (filters, breakdowns): a viewer's previous view may lie outside the subset.
 * See {@code docs/rollups.md} §4.
 *
 * <p>A store maintains it in the transaction that writes the views: a view that is added, moved to another play
 * request or given another viewer changes its row and the row of the viewer's next view.
 */
public final class ViewerSequenceTable {
    public static final String NAME = "viewer_sequence";

    public static final ColumnSpec PROJECT_ID = new ColumnSpec("project_id", ColumnType.TEXT, false);
    /**
     * The viewer, as two numbers from the viewer id (126 bits of its MD5: equal ids, equal numbers): the first finds
     * a viewer's rows fast, both decide whose they are. Numbers, not the ids, because a store that finds a few
     * viewers' rows among millions reads every row of the columns it returns, and text is ~6× slower to read.
     */
    public static final ColumnSpec VIEWER_NUMBER = new ColumnSpec("viewer_number", ColumnType.BIGINT, false);
    public static final ColumnSpec VIEWER_NUMBER_LOW = new ColumnSpec("viewer_number_low", ColumnType.BIGINT, false);
    /** The view, as two numbers from the view id like the viewer's. */
    public static final ColumnSpec VIEW_NUMBER = new ColumnSpec("view_number", ColumnType.BIGINT, false);
    public static final ColumnSpec VIEW_NUMBER_LOW = new ColumnSpec("view_number_low", ColumnType.BIGINT, false);
    public static final ColumnSpec PLAY_REQUESTED_AT_MS = new ColumnSpec("play_requested_at_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec PREVIOUS_PLAY_REQUESTED_AT_MS =
            new ColumnSpec("previous_play_requested_at_ms", ColumnType.BIGINT, true);

    public static final List<ColumnSpec> COLUMNS = List.of(PROJECT_ID, VIEWER_NUMBER, VIEWER_NUMBER_LOW, VIEW_NUMBER,
            VIEW_NUMBER_LOW, PLAY_REQUESTED_AT_MS, PREVIOUS_PLAY_REQUESTED_AT_MS);

    private ViewerSequenceTable() {
    }

    /** The table, keyed (for sort order; no uniqueness enforced) by project and play request. */
    public static TableLayout layout() {
        return new TableLayout(NAME, COLUMNS, List.of(PROJECT_ID.name(), PLAY_REQUESTED_AT_MS.name()), null);
    }

    public static List<String> columnNames() {
        return COLUMNS.stream().map(ColumnSpec::name).toList();
    }
}
