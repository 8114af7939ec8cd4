package dev.playtrace.server.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads exported files with a standard reader: DuckDB's {@code read_parquet}, {@code read_csv} and {@code read_json}
 * on an in-memory database of its own (nothing shared with the server's store). SQL takes the file as its one
 * parameter; integers come back as Long.
 */
public final class ExportFileReader implements AutoCloseable {
    private final Connection connection;

    public ExportFileReader() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<List<Object>> query(String sql, Path file) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            long placeholders = sql.chars().filter(c -> c == '?').count();
            for (int i = 1; i <= placeholders; i++) {
                statement.setString(i, file.toString());
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = normalize(result.getObject(i + 1));
                    }
                    rows.add(Arrays.asList(row));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public Object value(String sql, Path file) {
        return query(sql, file).getFirst().getFirst();
    }

    public List<String> columnNames(String source, Path file) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + source + " LIMIT 0")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    names.add(result.getMetaData().getColumnName(i));
                }
                return names;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object normalize(Object value) {
        return switch (value) {
            case Integer number -> (long) number;
            case Short number -> (long) number;
            case BigInteger big -> big.longValueExact();
            case BigDecimal decimal when decimal.scale() <= 0 -> decimal.longValueExact();
            case null, default -> value;
        };
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
