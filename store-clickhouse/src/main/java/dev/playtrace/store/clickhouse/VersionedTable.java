package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.StoreRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table of keyed rows with ClickHouse's substitute for updates and deletes: every write inserts the whole row with a
 * new {@code row_version} ({@code ReplacingMergeTree(row_version)} keeps the highest per key when it merges), a delete
 * inserts a tombstone ({@code deleted = 1}), and every read goes through {@code FINAL} (the highest version per key,
 * merged or not) and skips tombstones. The FINAL read is a subquery, so no condition on a value column can be applied
 * to an older version first.
 */
final class VersionedTable {
    /** One column: its name and ClickHouse type. */
    record Column(String name, String type) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        /** The value a tombstone carries in a value column (tombstones are never read back). */
        Object tombstoneValue() {
            if (type.startsWith("Nullable(")) {
                return null;
            }
            return type.equals("String") ? "" : 0;
        }
    }

    private final String name;
    private final List<Column> keyColumns;
    private final List<Column> valueColumns;
    private final List<String> writtenColumns;
    private final List<String> writtenTypes;
    private final String selectList;

    VersionedTable(String name, List<Column> keyColumns, List<Column> valueColumns) {
        this.name = requireNonNull(name, "name is null");
        this.keyColumns = List.copyOf(keyColumns);
        this.valueColumns = List.copyOf(valueColumns);
        List<String> columns = new ArrayList<>();
        keyColumns.forEach(column -> columns.add(column.name()));
        valueColumns.forEach(column -> columns.add(column.name()));
        this.selectList = String.join(", ", columns);
        columns.add("row_version");
        columns.add("deleted");
        columns.add("claimed_by");
        this.writtenColumns = List.copyOf(columns);
        List<String> types = new ArrayList<>();
        keyColumns.forEach(column -> types.add(column.type()));
        valueColumns.forEach(column -> types.add(column.type()));
        types.add("UInt64");
        types.add("UInt8");
        types.add("String");
        this.writtenTypes = List.copyOf(types);
    }

    String name() {
        return name;
    }

    String createStatement() {
        List<String> definitions = new ArrayList<>();
        keyColumns.forEach(column -> definitions.add(column.name() + " " + column.type()));
        valueColumns.forEach(column -> definitions.add(column.name() + " " + column.type()));
        definitions.add("row_version UInt64");
        definitions.add("deleted UInt8");
        definitions.add("claimed_by String");
        return "CREATE TABLE IF NOT EXISTS " + name + " (" + String.join(", ", definitions)
                + ") ENGINE = ReplacingMergeTree(row_version) ORDER BY ("
                + String.join(", ", keyColumns.stream().map(Column::name).toList()) + ")";
    }

    /** Writes rows (key columns then value columns, in declaration order) as the newest version of their keys. */
    void upsert(ClickHouseHttp http, long version, List<Object[]> rows) {
        write(http, version, "", rows);
    }

    /** Like {@link #upsert}, naming the compare-and-write claim that wrote the rows ({@link Claims}). */
    void write(ClickHouseHttp http, long version, String claimedBy, List<Object[]> rows) {
        List<Object[]> written = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row.length != keyColumns.size() + valueColumns.size()) {
                throw new IllegalArgumentException(row.length + " values for table " + name);
            }
            Object[] full = Arrays.copyOf(row, row.length + 3);
            full[row.length] = version;
            full[row.length + 1] = 0;
            full[row.length + 2] = claimedBy;
            written.add(full);
        }
        http.insert(name, writtenColumns, writtenTypes, written);
    }

    /** Writes tombstones for the keys (values in key column order). */
    void delete(ClickHouseHttp http, long version, List<Object[]> keys) {
        writeTombstones(http, version, "", keys);
    }

    /** Like {@link #delete}, naming the compare-and-write claim that deleted the rows ({@link Claims}). */
    void writeTombstones(ClickHouseHttp http, long version, String claimedBy, List<Object[]> keys) {
        List<Object[]> written = new ArrayList<>(keys.size());
        for (Object[] key : keys) {
            Object[] full = new Object[writtenColumns.size()];
            System.arraycopy(key, 0, full, 0, keyColumns.size());
            for (int i = 0; i < valueColumns.size(); i++) {
                full[keyColumns.size() + i] = valueColumns.get(i).tombstoneValue();
            }
            full[full.length - 3] = version;
            full[full.length - 2] = 1;
            full[full.length - 1] = claimedBy;
            written.add(full);
        }
        http.insert(name, writtenColumns, writtenTypes, written);
    }

    /** The live rows, every column selected by name; {@code rest} is "WHERE ... ORDER BY ... LIMIT ..." or empty. */
    List<StoreRow> select(ClickHouseHttp http, String rest, List<Object> parameters) {
        return selectExpressions(http, selectList, rest, parameters);
    }

    /** Like {@link #select} with other expressions ({@code count() AS n}). */
    List<StoreRow> selectExpressions(ClickHouseHttp http, String expressions, String rest, List<Object> parameters) {
        String sql = "SELECT " + expressions + " FROM " + live() + " " + rest;
        return http.select(SqlLiterals.bind(sql, parameters));
    }

    /**
     * The newest version of one key whether live or deleted (a tombstone's version counts: a compare-and-write
     * expects it), every column plus {@code row_version}, {@code deleted} and {@code claimed_by}; empty when the key
     * was never written.
     */
    Optional<StoreRow> newestVersion(ClickHouseHttp http, Object[] key) {
        if (key.length != keyColumns.size()) {
            throw new IllegalArgumentException(key.length + " key values for table " + name);
        }
        String where = String.join(" AND ", keyColumns.stream().map(column -> column.name() + " = ?").toList());
        String sql = "SELECT " + selectList + ", row_version, deleted, claimed_by FROM " + name + " FINAL WHERE " + where;
        return http.select(SqlLiterals.bind(sql, Arrays.asList(key))).stream().findFirst();
    }

    /** A FROM source with the live rows of the table, for hand-written statements. */
    String live() {
        return "(SELECT * FROM " + name + " FINAL WHERE deleted = 0)";
    }
}
