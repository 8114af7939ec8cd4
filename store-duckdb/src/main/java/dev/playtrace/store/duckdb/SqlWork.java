package dev.playtrace.store.duckdb;

import java.sql.SQLException;

/** A unit of JDBC work on one connection. */
@FunctionalInterface
interface SqlWork<C, T> {
    T run(C connection) throws SQLException;
}
