package dev.playtrace.store.duckdb;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.store.spi.EventFieldsJson;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.RowValues;
import dev.playtrace.store.spi.SqlFragment;
import dev.playtrace.store.spi.ViewTable;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import dev.playtrace.model.ViewKey;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The append-only events table: bulk appends through an Appender, one view's events read back in order, and many
 * views' events read in one scan. Not thread-safe (its JSON writer keeps a buffer): the store's writes are serialized.
 */
final class EventLog {
    /**
     * How far outside a view's time span {@link #load} looks for its stored events before it reads everything: the
     * clock offsets of one view's beacons differ by network delays, seconds at most; a larger shift only costs the
     * whole-table read. (One hour read ~1M events at the bench's 10M views, 4–8 ms against 2.5–3 ms.)
     */
    static final long STORED_TIME_SLACK_MS = 300_000L;
    /** The events table's leading columns, project and view id. */
    private static final int KEY_COLUMNS = 2;
    /** View ids per bulk read: one scan of the table each, the join's hash table stays small. */
    private static final int VIEWS_PER_SCAN = 20_000;

    private final EventFieldsJson json = new EventFieldsJson();
    private final String columnList = String.join(", ", EventTable.COLUMNS.stream().map(c -> c.name()).toList());
    /**
     * One view's columns without its key, which the caller knows: a result cell costs about as much as the scan of
     * a row (a long view's page reads a thousand and more events).
     */
    private final String oneViewColumnList = String.join(", ", EventTable.COLUMNS.stream().skip(KEY_COLUMNS)
            .map(c -> c.name()).toList());
    private final String loadSql = "SELECT " + oneViewColumnList
            + " FROM " + EventTable.NAME + " WHERE " + EventTable.PROJECT_ID.name() + " = ? AND "
            + EventTable.VIEW_ID.name() + " = ? ORDER BY " + EventTable.SEQUENCE_NUMBER.name();
    private final String loadInTimeSql = "SELECT " + oneViewColumnList
            + " FROM " + EventTable.NAME + " WHERE " + EventTable.PROJECT_ID.name() + " = ? AND "
            + EventTable.VIEW_ID.name() + " = ? AND " + EventTable.EVENT_TIME_MS.name() + " BETWEEN ? AND ?"
            + " ORDER BY " + EventTable.SEQUENCE_NUMBER.name();
    private final String viewSpanColumns = "SELECT " + ViewTable.VIEW_START_MS.name() + ", "
            + ViewTable.LAST_EVENT_AT_MS.name() + ", " + ViewTable.EVENT_COUNT.name() + " ";
    private final String loadManySql = "SELECT " + columnList + " FROM " + EventTable.NAME
            + " WHERE " + EventTable.VIEW_ID.name() + " IN (SELECT unnest(?::VARCHAR[]))";

    void append(DuckDBConnection writer, Collection<PlayerEvent> events) throws SQLException {
        try (DuckDBAppender appender = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, EventTable.NAME)) {
            for (PlayerEvent event : events) {
                appender.beginRow()
                        .append(event.projectId())
                        .append(event.viewId())
                        .append(event.sequenceNumber())
                        .append(event.name().wireName())
                        .append(event.eventTimeMs())
                        .append(event.viewerTimeMs());
                if (event.playheadMs() == null) {
                    appender.appendNull();
                } else {
                    appender.append(event.playheadMs().longValue());
                }
                // bytes: the appender would copy a String into UTF-8 anyway
                appender.append(event.receivedAtMs())
                        .append(json.writeUtf8(event.fields()))
                        .endRow();
            }
        }
    }

    /**
     * The view's events by sequence number; a sequence number stored twice (a retried write) is returned once.
     *
     * <p>The events table has no index by view (one would slow every append), but it is appended in receipt order,
     * so its zone maps on {@code event_time_ms} let a scan bounded by the view's time span skip the rest of the
     * table. A stored event's time lies from the view's start to a little after its last event (it was corrected with
     * the view's clock offset when written; a later beacon with a smaller offset moves the view earlier, not the
     * stored event), so the scan looks {@link #STORED_TIME_SLACK_MS} beyond both ends, and when it finds fewer events
     * than the view row counts (an event outside that, or a view written behind the sessionizer's back) the whole
     * table is read, as before.
     */
    List<PlayerEvent> load(Connection reader, String projectId, String viewId) throws SQLException {
        SqlFragment oneView = DuckDbDialect.INSTANCE.oneView(projectId, viewId);
        List<Object[]> span = JdbcRows.select(reader, viewSpanColumns + oneView.sql(), oneView.parameters());
        if (span.isEmpty()) {
            return bySequence(projectId, viewId, JdbcRows.select(reader, loadSql, List.of(projectId, viewId)));
        }
        return load(reader, projectId, viewId, RowValues.longOrZero(span.getFirst()[0]),
                RowValues.longOrZero(span.getFirst()[1]), RowValues.longOrZero(span.getFirst()[2]));
    }

    /** As {@link #load(Connection, String, String)} for a view already read: its row is not read again. */
    List<PlayerEvent> load(Connection reader, View view) throws SQLException {
        return load(reader, view.projectId(), view.viewId(), view.viewStartMs(), view.lastEventAtMs(),
                view.eventCount());
    }

    private List<PlayerEvent> load(Connection reader, String projectId, String viewId, long startMs,
            long lastEventAtMs, long eventCount) throws SQLException {
        List<PlayerEvent> inSpan = bySequence(projectId, viewId, JdbcRows.select(reader, loadInTimeSql,
                List.of(projectId, viewId, startMs - STORED_TIME_SLACK_MS, lastEventAtMs + STORED_TIME_SLACK_MS)));
        if (inSpan.size() >= eventCount) {
            return inSpan;
        }
        return bySequence(projectId, viewId, JdbcRows.select(reader, loadSql, List.of(projectId, viewId)));
    }

    /** One view's rows (its columns without the key) in sequence number order as events, each sequence number once. */
    private List<PlayerEvent> bySequence(String projectId, String viewId, List<Object[]> rows) {
        List<PlayerEvent> events = new ArrayList<>();
        Long previousSequence = null;
        for (Object[] row : rows) {
            long sequence = RowValues.longOrZero(row[0]);
            if (previousSequence != null && previousSequence == sequence) {
                continue;
            }
            previousSequence = sequence;
            events.add(event(projectId, viewId, row, 0));
        }
        return events;
    }

    /** Every stored event of the views, unordered; the caller deduplicates by sequence number. */
    List<PlayerEvent> loadMany(Connection reader, Collection<ViewKey> views) throws SQLException {
        Set<ViewKey> wanted = new HashSet<>(views);
        List<String> viewIds = views.stream().map(ViewKey::viewId).distinct().toList();
        List<PlayerEvent> events = new ArrayList<>();
        for (int from = 0; from < viewIds.size(); from += VIEWS_PER_SCAN) {
            List<String> chunk = viewIds.subList(from, Math.min(viewIds.size(), from + VIEWS_PER_SCAN));
            try (PreparedStatement statement = reader.prepareStatement(loadManySql)) {
                Array ids = reader.createArrayOf("VARCHAR", chunk.toArray());
                statement.setArray(1, ids);
                try (ResultSet rows = statement.executeQuery()) {
                    int columns = EventTable.COLUMNS.size();
                    while (rows.next()) {
                        Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = rows.getObject(i + 1);
                        }
                        // a view id may exist in another project too
                        String projectId = RowValues.text(row[0]);
                        String viewId = RowValues.text(row[1]);
                        if (wanted.contains(new ViewKey(projectId, viewId))) {
                            events.add(event(projectId, viewId, row, KEY_COLUMNS));
                        }
                    }
                }
            }
        }
        return events;
    }

    /** The event of a row whose columns after the key start at {@code first}. */
    private PlayerEvent event(String projectId, String viewId, Object[] row, int first) {
        EventName name = EventName.fromWire(RowValues.text(row[first + 1]))
                .orElseThrow(() -> new IllegalStateException("unknown stored event name " + row[first + 1]));
        return new PlayerEvent(projectId, viewId, RowValues.longOrZero(row[first]), name,
                RowValues.longOrZero(row[first + 2]), RowValues.longOrZero(row[first + 3]),
                RowValues.longOrNull(row[first + 4]), RowValues.longOrZero(row[first + 5]),
                json.read(RowValues.text(row[first + 6])));
    }
}
