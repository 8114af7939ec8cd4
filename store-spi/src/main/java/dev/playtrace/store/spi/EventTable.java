package dev.playtrace.store.spi;

import java.util.List;

/**
 * The one definition of the append-only events table. {@code fields_json} holds {@link
 * dev.playtrace.model.PlayerEvent#fields()} as a JSON object; a view's events are read back in sequence order.
 */
public final class EventTable {
    public static final String NAME = "events";

    public static final ColumnSpec PROJECT_ID = new ColumnSpec("project_id", ColumnType.TEXT, false);
    public static final ColumnSpec VIEW_ID = new ColumnSpec("view_id", ColumnType.TEXT, false);
    public static final ColumnSpec SEQUENCE_NUMBER = new ColumnSpec("sequence_number", ColumnType.BIGINT, false);
    public static final ColumnSpec EVENT_NAME = new ColumnSpec("event_name", ColumnType.TEXT, false);
    public static final ColumnSpec EVENT_TIME_MS = new ColumnSpec("event_time_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec VIEWER_TIME_MS = new ColumnSpec("viewer_time_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec PLAYHEAD_MS = new ColumnSpec("playhead_ms", ColumnType.BIGINT, true);
    public static final ColumnSpec RECEIVED_AT_MS = new ColumnSpec("received_at_ms", ColumnType.BIGINT, false);
    public static final ColumnSpec FIELDS_JSON = new ColumnSpec("fields_json", ColumnType.TEXT, false);

    /** Columns in storage order. */
    public static final List<ColumnSpec> COLUMNS = List.of(PROJECT_ID, VIEW_ID, SEQUENCE_NUMBER, EVENT_NAME,
            EVENT_TIME_MS, VIEWER_TIME_MS, PLAYHEAD_MS, RECEIVED_AT_MS, FIELDS_JSON);

    private EventTable() {
    }

    public static TableLayout layout() {
        return new TableLayout(NAME, COLUMNS, List.of(PROJECT_ID.name(), VIEW_ID.name(), SEQUENCE_NUMBER.name()), null);
    }
}
