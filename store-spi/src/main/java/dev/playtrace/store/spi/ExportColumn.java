package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * One column of an export: its name in the file (a code constant, {@code [a-z0-9_]+}) and what the generated SELECT
 * yields for it, which the store turns into the format's own type.
 */
public record ExportColumn(String name, Type type) {
    /** What the SELECT yields for a column. */
    public enum Type {
        TEXT,
        BIGINT,
        INTEGER,
        DOUBLE,
        BOOLEAN,
        /** Epoch milliseconds (BIGINT) that the file holds as a UTC timestamp. */
        TIMESTAMP_MS,
        /** Text holding a JSON value that the file holds as JSON where the format has it. */
        JSON
    }

    public ExportColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("export column names are [a-z0-9_]+, got '" + name + "'");
        }
    }
}
