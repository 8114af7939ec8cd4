package dev.playtrace.store.spi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The rows of one export: a generated SELECT (user values bound as parameters) whose columns are, in order and by
 * name, {@code columns}.
 */
public record ExportQuery(SqlStatement select, List<ExportColumn> columns) {
    public ExportQuery {
        requireNonNull(select, "select is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an export needs at least one column");
        }
    }
}
