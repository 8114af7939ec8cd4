package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.StoreRow;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Binds positional parameters and reads every row of a result as an array of JDBC values. */
final class JdbcRows {
    private JdbcRows() {
    }

    static List<Object[]> select(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            RunningStatement.started(statement);
            try (ResultSet resultSet = statement.executeQuery()) {
                int columns = resultSet.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (resultSet.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = resultSet.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            } finally {
                RunningStatement.finished();
            }
        }
    }

    /** A generated query running longer is cancelled in DuckDB (bounded work whatever a client asks). */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    /** Every row of the result, readable by column label; cancelled past {@code timeoutSeconds}. */
    static List<StoreRow> selectNamed(Connection connection, String sql, List<Object> parameters, int timeoutSeconds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            bind(statement, parameters);
            RunningStatement.started(statement);
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData metaData = resultSet.getMetaData();
                List<String> names = new ArrayList<>(metaData.getColumnCount());
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    names.add(metaData.getColumnLabel(i));
                }
                StoreRow.Columns columns = StoreRow.Columns.of(names);
                List<StoreRow> rows = new ArrayList<>();
                Object[] values = new Object[names.size()];
                while (resultSet.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = resultSet.getObject(i + 1);
                    }
                    rows.add(StoreRow.of(columns, values));
                }
                return rows;
            } finally {
                RunningStatement.finished();
            }
        }
    }

    static int update(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
