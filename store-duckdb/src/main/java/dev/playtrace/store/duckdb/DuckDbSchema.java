package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Creates the tables when missing and checks that an existing views table has the columns this version writes. */
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

    static void create(Connection connection, SqlDialect dialect) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.createTable(ViewTable.layout()));
            statement.execute(dialect.createTable(EventTable.layout()));
            statement.execute("CREATE TABLE IF NOT EXISTS " + PROJECTS + " (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,"
                    + " ingest_key VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + TOKENS + " (token_id VARCHAR PRIMARY KEY,"
                    + " project_id VARCHAR NOT NULL, secret_sha256_hex VARCHAR NOT NULL, role VARCHAR NOT NULL,"
                    + " created_at_ms BIGINT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + CREDENTIALS + " (kind VARCHAR NOT NULL, key_id VARCHAR NOT NULL,"
                    + " project_id VARCHAR NOT NULL, stored_secret VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL,"
                    + " PRIMARY KEY (kind, key_id))");
            statement.execute(EncodingJobTables.createCategories());
            statement.execute(EncodingJobTables.createJobs());
            statement.execute(SharedStateTables.createIssuedTokens());
            statement.execute(SharedStateTables.createRateLimitBuckets());
            statement.execute(IngestPosition.createTable());
        }
        List<String> stored = JdbcRows.select(connection,
                        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'"
                                + " ORDER BY column_index", List.of(ViewTable.NAME)).stream()
                .map(row -> row[0].toString())
                .toList();
        List<String> missing = ViewTable.COLUMNS.stream().map(ViewColumn::name).filter(name -> !stored.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the database's views table lacks columns " + missing
                    + "; it was created by an older Playtrace version");
        }
    }
}
