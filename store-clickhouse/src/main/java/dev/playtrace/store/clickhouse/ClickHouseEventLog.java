package dev.playtrace.store.clickhouse;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.sql.ClickHouseDialect;
import dev.playtrace.store.spi.EventFieldsJson;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.StoreRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The events of views in {@code event_log}: appended as TabSeparated blocks, read back with one row per
 * (project, view, sequence number) however often an event was written (a replay after a crash writes it again).
 */
final class ClickHouseEventLog {
    /** Views per bulk load statement, which keeps a statement far below ClickHouse's 256 KiB query limit. */
    private static final int KEYS_PER_STATEMENT = 1000;
    private static final List<String> COLUMNS = EventTable.COLUMNS.stream().map(column -> column.name()).toList();
    private static final List<String> TYPES = EventTable.COLUMNS.stream().map(ClickHouseDialect::columnType).toList();
    private static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM " + ClickHouseSchema.EVENT_LOG;
    private static final String ONE_ROW_PER_EVENT = " LIMIT 1 BY project_id, view_id, sequence_number";

    private final ClickHouseHttp http;
    private final EventFieldsJson json = new EventFieldsJson();

    ClickHouseEventLog(ClickHouseHttp http) {
        this.http = http;
    }

    void append(Collection<PlayerEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (PlayerEvent event : events) {
            rows.add(new Object[] {event.projectId(), event.viewId(), event.sequenceNumber(), event.name().wireName(),
                    event.eventTimeMs(), event.viewerTimeMs(), event.playheadMs(), event.receivedAtMs(),
                    json.write(event.fields())});
        }
        http.insert(ClickHouseSchema.EVENT_LOG, COLUMNS, TYPES, rows);
    }

    List<PlayerEvent> load(String projectId, String viewId) {
        String sql = SELECT + " WHERE project_id = ? AND view_id = ? ORDER BY sequence_number" + ONE_ROW_PER_EVENT;
        return http.select(SqlLiterals.bind(sql, List.of(projectId, viewId))).stream().map(this::event).toList();
    }

    List<PlayerEvent> loadMany(Collection<ViewKey> views) {
        List<ViewKey> keys = List.copyOf(views);
        List<PlayerEvent> events = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
            List<ViewKey> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(SELECT).append(" WHERE (project_id, view_id) IN (");
            List<Object> parameters = new ArrayList<>(2 * chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                parameters.add(chunk.get(i).projectId());
                parameters.add(chunk.get(i).viewId());
            }
            sql.append(")").append(ONE_ROW_PER_EVENT);
            http.select(SqlLiterals.bind(sql.toString(), parameters)).stream().map(this::event).forEach(events::add);
        }
        return events;
    }

    private PlayerEvent event(StoreRow row) {
        EventName name = EventName.fromWire(row.text("event_name"))
                .orElseThrow(() -> new IllegalStateException("unknown stored event name " + row.text("event_name")));
        return new PlayerEvent(row.text("project_id"), row.text("view_id"), row.longOrZero("sequence_number"), name,
                row.longOrZero("event_time_ms"), row.longOrZero("viewer_time_ms"), row.longOrNull("playhead_ms"),
                row.longOrZero("received_at_ms"), json.read(row.text("fields_json")));
    }
}
