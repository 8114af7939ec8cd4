package dev.playtrace.query.spi;

/**
 * Everything that differs between the SQL of two stores lives in implementations of this interface; the SQL
 * generator asks it and nothing else. (DuckDB now, ClickHouse later.)
 */
public interface SqlDialect {
    String name();
}
