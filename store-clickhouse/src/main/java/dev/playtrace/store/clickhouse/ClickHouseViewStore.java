package dev.playtrace.store.clickhouse;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.sql.ClickHouseDialect;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Views as versioned rows ({@code ReplacingMergeTree(version)}, read with {@code FINAL}), events in the event log, and
 * the bus position as a versioned row of its own.
 *
 * <p>ClickHouse has no transactions, so {@link #write(Collection, Collection, long)} relies on idempotence instead:
 * it inserts the events, then the views, then the position, each insert atomic. A crash in between leaves the
 * position behind what is stored, and the replay from it writes the same events and view versions again, which reads
 * collapse (one row per event sequence number, the highest version per view). Nothing is ever stored without a
 * replay that completes it, and nothing is counted twice.
 */
final class ClickHouseViewStore implements ViewStore {
    private static final int EMBEDDED_BUS_ROW = 1;
    /** Views per lookup statement, which keeps a statement far below ClickHouse's 256 KiB query limit. */
    private static final int KEYS_PER_STATEMENT = 1000;

    private static final List<String> VIEW_TYPES = ViewTable.STORED_COLUMNS.stream()
            .map(column -> ClickHouseDialect.columnType(column.spec())).toList();

    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final ClickHouseEventLog events;

    ClickHouseViewStore(ClickHouseHttp http, VersionClock clock) {
        this.http = http;
        this.clock = clock;
        this.events = new ClickHouseEventLog(http);
    }

    @Override
    public SqlDialect dialect() {
        return ClickHouseDialect.INSTANCE;
    }

    @Override
    public void upsertViews(Collection<View> views) {
        http.insert(ViewTable.NAME, ViewTable.storedColumnNames(), VIEW_TYPES, views.stream().map(ViewTable::toRow).toList());
    }

    @Override
    public void appendEvents(Collection<PlayerEvent> events) {
        this.events.append(events);
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, long busPosition) {
        write(views, events);
        savePosition(EMBEDDED_BUS_ROW, busPosition, clock.next());
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, PartitionPosition position) {
        write(views, events);
        // the owner's version is the row's version: a former owner's late write of a lower one is never read
        savePosition(partitionRow(position.partition()), position.position(), position.version());
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events) {
        // events first: a view is never stored without the events it was computed from
        appendEvents(events);
        upsertViews(views);
    }

    @Override
    public long storedBusPosition() {
        return readPosition(EMBEDDED_BUS_ROW);
    }

    @Override
    public long storedBusPosition(int busPartition) {
        return readPosition(partitionRow(busPartition));
    }

    @Override
    public long highestPartitionPositionVersion() {
        return http.select("SELECT max(row_version) AS version FROM " + ClickHouseSchema.INGEST_POSITION + " WHERE id < 0")
                .getFirst().longOrZero("version");
    }

    /** Row 1 is the embedded bus; row {@code -1 - n} is partition {@code n} of a partitioned bus (as in DuckDB). */
    private static int partitionRow(int busPartition) {
        if (busPartition < 0) {
            throw new IllegalArgumentException("bus partition " + busPartition + " is negative");
        }
        return -1 - busPartition;
    }

    private void savePosition(int row, long busPosition, long rowVersion) {
        http.insert(ClickHouseSchema.INGEST_POSITION, List.of("id", "position", "row_version"),
                List.of("Int32", "Int64", "UInt64"),
                List.<Object[]>of(new Object[] {row, busPosition, rowVersion}));
    }

    private long readPosition(int row) {
        return http.select("SELECT argMax(position, row_version) AS position FROM " + ClickHouseSchema.INGEST_POSITION
                + " WHERE id = " + row).getFirst().longOrZero("position");
    }

    @Override
    public List<PlayerEvent> loadEvents(String projectId, String viewId) {
        return events.load(projectId, viewId);
    }

    @Override
    public List<PlayerEvent> loadEvents(Collection<ViewKey> views) {
        return views.isEmpty() ? List.of() : events.loadMany(views);
    }

    /**
     * Reads the newest version of each view ({@code FINAL}, whose {@code WHERE} applies after the merge) by the key
     * tuples, which the table's sort key finds without reading the other views; the start window only filters.
     */
    @Override
    public Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs) {
        List<ViewKey> keys = List.copyOf(new HashSet<>(views));
        Set<ViewKey> stored = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
            List<ViewKey> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("SELECT project_id, view_id FROM ")
                    .append(ClickHouseDialect.INSTANCE.viewsSource()).append(" WHERE (project_id, view_id) IN (");
            List<Object> parameters = new ArrayList<>(2 * chunk.size() + 2);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                parameters.add(chunk.get(i).projectId());
                parameters.add(chunk.get(i).viewId());
            }
            sql.append(") AND ").append(ViewTable.VIEW_START_MS.name()).append(" BETWEEN ? AND ?");
            parameters.add(startFromMs);
            parameters.add(startToMs);
            for (StoreRow row : http.select(SqlLiterals.bind(sql.toString(), parameters))) {
                stored.add(new ViewKey(row.text("project_id"), row.text("view_id")));
            }
        }
        return stored;
    }

    @Override
    public List<StoreRow> select(SqlStatement statement) {
        return http.select(SqlLiterals.bind(statement.sql(), statement.parameters()));
    }

    @Override
    public void close() {
        // the store closes the HTTP client it shares with the other repositories
    }
}
