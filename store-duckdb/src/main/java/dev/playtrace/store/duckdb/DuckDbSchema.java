package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database's table names and settings. The tables themselves are created and changed only by the versioned
 * scripts {@link DuckDbMigrations} runs; {@link #verify} checks after them that the views table has every column this
 * build writes (a column added to {@link ViewTable} without a script fails here, and in DuckDbMigrationsTest).
 */
final class DuckDbSchema {
    static final String PROJECTS = "projects";
    static final String TOKENS = "api_tokens";
    static final String CREDENTIALS = "credentials";
    static final String ENCODING_CATEGORIES = "encoding_categories";
    static final String ENCODING_JOBS = "encoding_jobs";
    static final String ISSUED_TOKENS = "issued_tokens";
    static final String RATE_LIMIT_BUCKETS = "rate_limit_buckets";

    private DuckDbSchema() {
    }

    /**
     * Database-wide settings. The default checkpoint threshold (16 MB of WAL) makes wide-row upserts checkpoint
     * every few batches, which costs more than the upserts themselves; {@link DuckDbStore#close()} checkpoints anyway.
     */
    static void configure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET checkpoint_threshold = '256MB'");
        }
    }

    static void verify(Connection connection) throws SQLException {
        List<String> stored = JdbcRows.select(connection,
                        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'"
                                + " ORDER BY column_index", List.of(ViewTable.NAME)).stream()
                .map(row -> row[0].toString())
                .toList();
        List<String> missing = ViewTable.COLUMNS.stream().map(ViewColumn::name).filter(name -> !stored.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the database's views table lacks columns " + missing
                    + " after its schema migrations; this build writes a column that no migration script creates");
        }
    }
}
