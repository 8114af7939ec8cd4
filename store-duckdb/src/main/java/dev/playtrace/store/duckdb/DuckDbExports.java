package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.ExportTarget;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Exports with DuckDB's own writers: {@code COPY (SELECT ...) TO 'file' (FORMAT parquet | csv | json)}. DuckDB streams
 * the rows from its tables to the file (sorting, when the SELECT orders, spills to its temporary directory), so the
 * JVM never holds them. Several targets are written in one read transaction, so they describe one snapshot.
 *
 * <p>The SELECT keeps its bound parameters (DuckDB prepares {@code COPY} statements); only the file name, which the
 * server chooses, is a literal. Column types become the format's own: epoch-millisecond columns a Parquet
 * {@code TIMESTAMP} adjusted to UTC, or ISO-8601 text {@code 2026-12-01T10:00:00.123Z} in CSV and NDJSON (the native
 * API's spelling); JSON columns Parquet's JSON type, embedded JSON in NDJSON, text in CSV.
 */
final class DuckDbExports implements ExportRepository {
    private static final String ISO_UTC = "'%Y-%m-%dT%H:%M:%S.%gZ'";

    private final DuckDbConnections connections;

    DuckDbExports(DuckDbConnections connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    @Override
    public List<Long> write(List<ExportTarget> targets) {
        List<ExportTarget> all = List.copyOf(targets);
        if (all.isEmpty()) {
            return List.of();
        }
        return connections.read(connection -> writeInOneTransaction(connection, all));
    }

    private static List<Long> writeInOneTransaction(DuckDBConnection connection, List<ExportTarget> targets)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<Long> rows = new ArrayList<>();
            for (ExportTarget target : targets) {
                rows.add(copy(connection, target));
            }
            connection.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static long copy(DuckDBConnection connection, ExportTarget target) throws SQLException {
        String sql = copyStatement(target);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<Object> parameters = target.query().select().parameters();
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            statement.execute();
            long count = statement.getLargeUpdateCount();
            if (count < 0) {
                throw new PlaytraceException(ErrorCode.STORE_FAILURE, "DuckDB did not report the rows it exported");
            }
            return count;
        }
    }

    /** {@code COPY (SELECT <typed columns> FROM (<select>) AS export_rows) TO '<file>' (<options>)}. */
    static String copyStatement(ExportTarget target) {
        String columns = target.query().columns().stream()
                .map(column -> render(column, target.format()) + " AS " + quote(column.name()))
                .collect(Collectors.joining(", "));
        return "COPY (SELECT " + columns + " FROM (" + target.query().select().sql() + ") AS export_rows) TO "
                + fileLiteral(target) + " (" + options(target.format()) + ")";
    }

    private static String render(ExportColumn column, ExportFormat format) {
        String name = "export_rows." + quote(column.name());
        return switch (column.type()) {
            case TEXT -> "CAST(" + name + " AS VARCHAR)";
            case BIGINT -> "CAST(" + name + " AS BIGINT)";
            case INTEGER -> "CAST(" + name + " AS INTEGER)";
            case DOUBLE -> "CAST(" + name + " AS DOUBLE)";
            case BOOLEAN -> "CAST(" + name + " AS BOOLEAN)";
            case TIMESTAMP_MS -> switch (format) {
                // independent of the session time zone: an instant, written as such
                case PARQUET -> "make_timestamptz(CAST(" + name + " AS BIGINT) * 1000)";
                // epoch_ms gives a timestamp without zone in UTC; strftime does not convert it
                case CSV, NDJSON -> "strftime(epoch_ms(CAST(" + name + " AS BIGINT)), " + ISO_UTC + ")";
            };
            case JSON -> switch (format) {
                case PARQUET, NDJSON -> "CAST(" + name + " AS JSON)";
                case CSV -> "CAST(" + name + " AS VARCHAR)";
            };
        };
    }

    private static String options(ExportFormat format) {
        return switch (format) {
            case PARQUET -> "FORMAT parquet, COMPRESSION zstd";
            case CSV -> "FORMAT csv, HEADER true";
            case NDJSON -> "FORMAT json";
        };
    }

    private static String fileLiteral(ExportTarget target) {
        // the server chooses the file (its data or export directory), never a user; quoted all the same
        return "'" + target.file().toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }
}
