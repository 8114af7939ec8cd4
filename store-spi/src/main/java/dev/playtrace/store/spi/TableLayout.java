package dev.playtrace.store.spi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A stored table's layout, from which each dialect renders its DDL.
 *
 * @param keyColumns the identity of a row when {@code versionColumn} is set (one row per key, the highest version
 *        wins), otherwise only the sort order of the stored rows
 * @param versionColumn null for append-only tables
 */
public record TableLayout(String name, List<ColumnSpec> columns, List<String> keyColumns, String versionColumn) {
    public TableLayout {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    public boolean isVersioned() {
        return versionColumn != null;
    }
}
