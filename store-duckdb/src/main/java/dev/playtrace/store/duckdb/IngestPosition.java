package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.RowValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One row: the ingest bus position through which everything is stored, written in each flush's transaction. */
final class IngestPosition {
    static final String TABLE = "ingest_position";

    private IngestPosition() {
    }

    static void save(Connection writer, long busPosition) throws SQLException {
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + TABLE + " VALUES (1, ?)", List.of(busPosition));
    }

    static long read(Connection reader) throws SQLException {
        List<Object[]> rows = JdbcRows.select(reader, "SELECT bus_position FROM " + TABLE + " WHERE id = 1", List.of());
        return rows.isEmpty() ? 0 : RowValues.longOrZero(rows.getFirst()[0]);
    }
}
