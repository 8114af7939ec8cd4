package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.RowValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The ingest bus positions through which everything is stored, written in each flush's transaction: row 1 is the
 * embedded bus (one log); row {@code -1 - n} is partition {@code n} of a partitioned bus (Kafka), so the two never
 * share a row and the table needs no second key column. A partition's row is replaced only by a higher version (see
 * {@link PartitionPosition}).
 */
final class IngestPosition {
    static final String TABLE = "ingest_position";
    private static final int EMBEDDED_BUS_ROW = 1;

    private IngestPosition() {
    }

    static void save(Connection writer, long busPosition) throws SQLException {
        saveRow(writer, EMBEDDED_BUS_ROW, busPosition);
    }

    static long read(Connection reader) throws SQLException {
        return readRow(reader, EMBEDDED_BUS_ROW);
    }

    static void savePartition(Connection writer, PartitionPosition position) throws SQLException {
        JdbcRows.update(writer, "INSERT INTO " + TABLE + " (id, bus_position, position_version) VALUES (?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET bus_position = excluded.bus_position,"
                + " position_version = excluded.position_version"
                + " WHERE excluded.position_version > " + TABLE + ".position_version",
                List.of(partitionRow(position.partition()), position.position(), position.version()));
    }

    static long highestPartitionVersion(Connection reader) throws SQLException {
        List<Object[]> rows = JdbcRows.select(reader, "SELECT max(position_version) FROM " + TABLE + " WHERE id < 0",
                List.of());
        return rows.isEmpty() ? 0 : RowValues.longOrZero(rows.getFirst()[0]);
    }

    static long readPartition(Connection reader, int busPartition) throws SQLException {
        return readRow(reader, partitionRow(busPartition));
    }

    private static int partitionRow(int busPartition) {
        if (busPartition < 0) {
            throw new IllegalArgumentException("bus partition " + busPartition + " is negative");
        }
        return -1 - busPartition;
    }

    private static void saveRow(Connection writer, int row, long busPosition) throws SQLException {
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + TABLE + " (id, bus_position) VALUES (?, ?)", List.of(row, busPosition));
    }

    private static long readRow(Connection reader, int row) throws SQLException {
        List<Object[]> rows = JdbcRows.select(reader, "SELECT bus_position FROM " + TABLE + " WHERE id = ?",
                List.of(row));
        return rows.isEmpty() ? 0 : RowValues.longOrZero(rows.getFirst()[0]);
    }
}
