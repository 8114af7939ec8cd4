package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * One column of a stored table: its name, logical type, whether it may hold null, and, for a derived column, how
 * the store computes it ({@code derivation} is null for a column that is written).
 */
public record ColumnSpec(String name, ColumnType type, boolean nullable, ColumnExpression derivation) {
    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    public ColumnSpec(String name, ColumnType type, boolean nullable) {
        this(name, type, nullable, null);
    }

    public boolean isDerived() {
        return derivation != null;
    }
}
