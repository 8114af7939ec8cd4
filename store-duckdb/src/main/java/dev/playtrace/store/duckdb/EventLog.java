package dev.playtrace.store.duckdb;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.query.spi.EventTable;
import dev.playtrace.query.spi.RowValues;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The append-only events table: bulk appends through an Appender, and one view's events read back in order. */
final class EventLog {
    private final EventFieldsJson json = new EventFieldsJson();
    private final String loadSql = "SELECT " + String.join(", ", EventTable.COLUMNS.stream().map(c -> c.name()).toList())
            + " FROM " + EventTable.NAME + " WHERE " + EventTable.PROJECT_ID.name() + " = ? AND "
            + EventTable.VIEW_ID.name() + " = ? ORDER BY " + EventTable.SEQUENCE_NUMBER.name();

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
                appender.append(event.receivedAtMs())
                        .append(json.write(event.fields()))
                        .endRow();
            }
        }
    }

    /** The view's events by sequence number; a sequence number stored twice (a retried write) is returned once. */
    List<PlayerEvent> load(Connection reader, String projectId, String viewId) throws SQLException {
        List<PlayerEvent> events = new ArrayList<>();
        Long previousSequence = null;
        for (Object[] row : JdbcRows.select(reader, loadSql, List.of(projectId, viewId))) {
            long sequence = RowValues.longOrZero(row[2]);
            if (previousSequence != null && previousSequence == sequence) {
                continue;
            }
            previousSequence = sequence;
            EventName name = EventName.fromWire(RowValues.text(row[3]))
                    .orElseThrow(() -> new IllegalStateException("unknown stored event name " + row[3]));
            events.add(new PlayerEvent(RowValues.text(row[0]), RowValues.text(row[1]), sequence, name,
                    RowValues.longOrZero(row[4]), RowValues.longOrZero(row[5]), RowValues.longOrNull(row[6]),
                    RowValues.longOrZero(row[7]), json.read(RowValues.text(row[8]))));
        }
        return events;
    }
}
