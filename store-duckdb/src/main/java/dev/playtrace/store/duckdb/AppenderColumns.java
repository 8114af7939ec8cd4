package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.ColumnType;
import org.duckdb.DuckDBAppender;

import java.sql.SQLException;

/** Appends one column value of a logical type to the current appender row. */
final class AppenderColumns {
    private AppenderColumns() {
    }

    static void append(DuckDBAppender appender, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (type) {
            case TEXT -> appender.append(value.toString());
            case BIGINT -> appender.append(((Number) value).longValue());
            case INTEGER -> appender.append(((Number) value).intValue());
            case DOUBLE -> appender.append(((Number) value).doubleValue());
            case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
        }
    }
}
