package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps {@link ViewRollupTable} exact in the transaction that upserts views. Before the staged views replace the
 * stored ones, one MERGE adds to each rollup cell the new contribution of every staged view that will win (no stored
 * row, or a lower stored version) and subtracts the old contribution of the stored row it replaces. A cell whose
 * views all moved away is deleted. The old rows are found the way the views upsert finds them ({@link
 * ViewUpserter.Mode}): matching the view start as well lets DuckDB skip row groups; a view whose start moved makes the
 * views upsert fail, which rolls back this delta with it, and the retry matches by key only.
 *
 * <p>Dimension keys may be null (a view without a country), so cells are matched with {@code IS NOT DISTINCT FROM};
 * the table therefore has no primary key and the MERGE keeps one row per key.
 */
final class ViewRollupMaintenance {
    private static final String WEIGHT = "rollup_weight";

    private final String mergeSameStartSql;
    private final String mergeByKeySql;
    private final String backfillSql;
    private final String createSql;

    ViewRollupMaintenance(SqlDialect dialect, String stagingTable) {
        this.createSql = dialect.createTable(ViewRollupTable.layout());
        this.mergeSameStartSql = merge(dialect, stagingTable, true);
        this.mergeByKeySql = merge(dialect, stagingTable, false);
        List<String> keys = ViewRollupTable.keyColumnNames();
        this.backfillSql = "INSERT INTO " + ViewRollupTable.NAME + " (" + String.join(", ", allColumns()) + ")\n"
                + aggregate(dialect, "SELECT 1 AS " + WEIGHT + ", " + String.join(", ", ViewTable.storedColumnNames())
                + " FROM " + ViewTable.NAME, keys);
    }

    /**
     * Creates the table when missing and fills it from the stored views in the same transaction; a DDL step of its
     * own so that a migration tool can run it as one migration (create + backfill).
     */
    void createAndBackfill(Connection writer) throws SQLException {
        boolean exists = !JdbcRows.select(writer, "SELECT table_name FROM duckdb_tables() WHERE table_name = ?"
                + " AND schema_name = 'main'", List.of(ViewRollupTable.NAME)).isEmpty();
        if (exists) {
            return;
        }
        try (Statement statement = writer.createStatement()) {
            statement.execute(createSql);
            statement.execute(backfillSql);
        }
    }

    /**
     * Drops the table: a store opened without rollup maintenance would let it go stale, so it goes, and the next
     * open with maintenance rebuilds it from the views.
     */
    void drop(Connection writer) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + ViewRollupTable.NAME);
        }
    }

    /** Applies the staged views' delta, before they are moved into the views table. */
    void applyStagedDelta(Statement statement, ViewUpserter.Mode mode) throws SQLException {
        statement.execute(switch (mode) {
            case SAME_START -> mergeSameStartSql;
            case BY_KEY_ONLY -> mergeByKeySql;
        });
    }

    private static String merge(SqlDialect dialect, String staging, boolean sameStart) {
        List<String> stored = ViewTable.storedColumnNames();
        String match = "v." + ViewTable.PROJECT_ID.name() + " = s." + ViewTable.PROJECT_ID.name()
                + " AND v." + ViewTable.VIEW_ID.name() + " = s." + ViewTable.VIEW_ID.name()
                + (sameStart ? " AND v." + ViewTable.VIEW_START_MS.name() + " = s." + ViewTable.VIEW_START_MS.name() : "");
        String newer = "s." + ViewTable.VERSION.name() + " > v." + ViewTable.VERSION.name();
        String changed = "SELECT -1 AS " + WEIGHT + ", " + prefixed("v", stored) + "\nFROM " + ViewTable.NAME
                + " AS v JOIN " + staging + " AS s ON " + match + " WHERE " + newer
                + "\nUNION ALL\nSELECT 1 AS " + WEIGHT + ", " + prefixed("s", stored) + "\nFROM " + staging
                + " AS s LEFT JOIN " + ViewTable.NAME + " AS v ON " + match
                + " WHERE v." + ViewTable.VIEW_ID.name() + " IS NULL OR " + newer;
        List<String> keys = ViewRollupTable.keyColumnNames();
        String on = keys.stream().map(key -> isDimension(key)
                        ? "r." + key + " IS NOT DISTINCT FROM d." + key
                        : "r." + key + " = d." + key)
                .collect(Collectors.joining(" AND "));
        String attempts = ViewRollupTable.ATTEMPTS.name();
        return "MERGE INTO " + ViewRollupTable.NAME + " AS r USING (\n" + aggregate(dialect, changed, keys) + "\n) AS d ON "
                + on + "\nWHEN MATCHED AND r." + attempts + " + d." + attempts + " = 0 THEN DELETE"
                + "\nWHEN MATCHED THEN UPDATE SET " + ViewRollupTable.measureNames().stream()
                .map(name -> name + " = r." + name + " + d." + name).collect(Collectors.joining(", "))
                + "\nWHEN NOT MATCHED THEN INSERT (" + String.join(", ", allColumns()) + ") VALUES ("
                + prefixed("d", allColumns()) + ")";
    }

    /** The weighted contributions of the rows of {@code source} (stored views columns plus the weight), per cell. */
    private static String aggregate(SqlDialect dialect, String source, List<String> keys) {
        List<String> dimensions = ViewRollupTable.DIMENSIONS.stream().map(ViewRollupTable::dimensionColumn).toList();
        return "SELECT " + ViewRollupTable.PROJECT_ID.name() + ", " + ViewRollupTable.hourOfPlayRequest(dialect)
                + " AS " + ViewRollupTable.HOUR_START_MS.name() + ", " + String.join(", ", dimensions) + ", "
                + String.join(", ", ViewRollupTable.contributionColumns(dialect, WEIGHT))
                + "\nFROM (" + source + ") AS changed\nWHERE " + ViewTable.PLAY_REQUESTED_AT_MS.name() + " IS NOT NULL"
                + "\nGROUP BY " + String.join(", ", keys);
    }

    private static List<String> allColumns() {
        return Stream.concat(ViewRollupTable.keyColumnNames().stream(), ViewRollupTable.measureNames().stream()).toList();
    }

    private static boolean isDimension(String column) {
        return ViewRollupTable.DIMENSIONS.stream().map(ViewRollupTable::dimensionColumn).anyMatch(column::equals);
    }

    private static String prefixed(String alias, List<String> columns) {
        return columns.stream().map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }
}
