package dev.playtrace.store.spi;

/** The logical type of a stored column; each {@link SqlDialect} maps it to its own type name. */
public enum ColumnType {
    TEXT,
    BIGINT,
    INTEGER,
    DOUBLE,
    BOOLEAN
}
