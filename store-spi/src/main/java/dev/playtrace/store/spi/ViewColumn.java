package dev.playtrace.store.spi;

import dev.playtrace.model.View;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * One column of the views table and how its value is read from a {@link View}; values are String, Long, Integer,
 * Double, Boolean or null, matching {@link #type()}. A derived column is computed by the store from stored columns
 * ({@link #derivation()}), and its reader says what that computation must yield.
 */
public record ViewColumn(String name, ColumnType type, boolean nullable, Function<View, Object> reader,
                         ColumnExpression derivation) {
    public ViewColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(reader, "reader is null");
    }

    public ViewColumn(String name, ColumnType type, boolean nullable, Function<View, Object> reader) {
        this(name, type, nullable, reader, null);
    }

    public Object valueOf(View view) {
        return reader.apply(view);
    }

    public boolean isDerived() {
        return derivation != null;
    }

    public ColumnSpec spec() {
        return new ColumnSpec(name, type, nullable, derivation);
    }
}
