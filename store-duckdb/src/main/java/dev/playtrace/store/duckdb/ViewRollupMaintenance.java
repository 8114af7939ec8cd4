package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewTable;
import dev.playtrace.store.spi.ViewerSequenceHourlyTable;
import dev.playtrace.store.spi.ViewerSequenceTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps {@link ViewRollupTable}'s cubes, its histograms ({@link ViewHistogramTable}) and the viewer sequence
 * ({@link ViewerSequenceTable}, {@link ViewerSequenceMaintenance}) exact in the transaction that upserts views. Before the staged views replace the stored ones, one MERGE adds to each rollup cell the new contribution of
 * every staged view that will win (no stored row, or a lower stored version) and subtracts the old contribution of the
 * stored row it replaces (one MERGE per cube); a further MERGE does the same to the histograms' counts per cell, histogram and value. A cell
 * whose views all moved away is deleted, and so is a value no view of its cell has any more. The changed rows are
 * computed once into a temporary table that every MERGE and the viewer sequence read: on a small store that costs as
 * much as each finding them itself, but at 10M views each such join reads whole row groups of the views table
 * (~30 ms), and sharing saved ~40 ms of ~190 per write.
 * The old rows are found the way the views upsert finds them ({@link ViewUpserter.Mode}): matching the start the
 * view was last stored with as well lets DuckDB skip row groups; a view whose stored start was not the expected one
 * makes the views upsert fail, which rolls back this delta with it, and the retry matches by key only.
 *
 * <p>Dimension keys may be null (a view without a country), so cells are matched with {@code IS NOT DISTINCT FROM};
 * the tables therefore have no primary key and the MERGEs keep one row per key.
 */
final class ViewRollupMaintenance {
    private static final String WEIGHT = "rollup_weight";

    /**
     * The write's changed rows, computed once for every consumer: each would otherwise join the staged views with the
     * stored ones again (~30 ms a time at 10M views, where the temporary table leaves ~6 ms per cube).
     */
    private static final String CHANGED = "rollup_changed";

    private final List<CubeStatements> cubes;
    private final String histogramMergeSql;
    private final String histogramBackfillSql;
    private final String histogramCreateSql;
    private final String changedByLastStoredStartSql;
    private final String changedByKeySql;
    private final ViewerSequenceMaintenance viewerSequence;

    ViewRollupMaintenance(SqlDialect dialect, String stagingTable) {
        this.changedByLastStoredStartSql = "CREATE OR REPLACE TEMP TABLE " + CHANGED + " AS SELECT * FROM "
                + changedRows(stagingTable, true);
        this.changedByKeySql = "CREATE OR REPLACE TEMP TABLE " + CHANGED + " AS SELECT * FROM "
                + changedRows(stagingTable, false);
        this.viewerSequence = new ViewerSequenceMaintenance(dialect);
        String storedViews = "(SELECT 1 AS " + WEIGHT + ", " + String.join(", ", ViewTable.storedColumnNames())
                + " FROM " + ViewTable.NAME + ")";
        this.cubes = ViewRollupTable.CUBES.stream().map(cube -> new CubeStatements(cube,
                dialect.createTable(cube.layout()),
                "INSERT INTO " + cube.name() + " (" + String.join(", ", allColumns(cube)) + ")\n"
                        + aggregate(dialect, cube, storedViews),
                merge(dialect, cube, CHANGED))).toList();
        this.histogramCreateSql = dialect.createTable(ViewHistogramTable.layout());
        this.histogramMergeSql = histogramMerge(dialect, CHANGED);
        this.histogramBackfillSql = "INSERT INTO " + ViewHistogramTable.NAME + " (" + String.join(", ",
                histogramColumns()) + ")\n" + ViewHistogramTable.contributionSelect(dialect, storedViews, WEIGHT);
    }

    /** One cube's statements: its table, its backfill from the views, its delta MERGE from the changed rows. */
    private record CubeStatements(ViewRollupTable.Cube cube, String create, String backfill, String merge) {
    }

    /**
     * Creates the rollup's cubes and the histograms when missing and fills them from the stored views in the same
     * transaction; a DDL step of its own so that a migration tool can run it as one migration (create + backfill).
     */
    void createAndBackfill(Connection writer) throws SQLException {
        boolean rollupExists = exists(writer, ViewRollupTable.NAME);
        try (Statement statement = writer.createStatement()) {
            if (!rollupExists) {
                // whoever dropped the rollup (views written behind the store's back) may not have known the
                // histograms, the other cubes and the viewer sequence: they are rebuilt with it
                statement.execute("DROP TABLE IF EXISTS " + ViewHistogramTable.NAME);
                viewerSequence.drop(statement);
                for (CubeStatements cube : cubes) {
                    statement.execute("DROP TABLE IF EXISTS " + cube.cube().name());
                }
            }
            for (CubeStatements cube : cubes) {
                if (!exists(writer, cube.cube().name())) {
                    statement.execute(cube.create());
                    statement.execute(cube.backfill());
                }
            }
            if (!exists(writer, ViewHistogramTable.NAME)) {
                statement.execute(histogramCreateSql);
                statement.execute(histogramBackfillSql);
            }
            if (exists(writer, ViewerSequenceTable.NAME) && !ViewerSequenceMaintenance.hasCurrentLayout(writer)) {
                // an older build's table (ids as text): derived data, rebuilt below
                viewerSequence.drop(statement);
            }
            if (!exists(writer, ViewerSequenceTable.NAME)) {
                viewerSequence.drop(statement);
                viewerSequence.create(statement);
                viewerSequence.backfill(statement);
            } else if (!exists(writer, ViewerSequenceHourlyTable.NAME)) {
                viewerSequence.createHourlyFromSequence(statement);
            }
        }
    }

    private static boolean exists(Connection writer, String table) throws SQLException {
        return !JdbcRows.select(writer, "SELECT table_name FROM duckdb_tables() WHERE table_name = ?"
                + " AND schema_name = 'main'", List.of(table)).isEmpty();
    }

    /**
     * Drops the table: a store opened without rollup maintenance would let it go stale, so it goes, and the next
     * open with maintenance rebuilds it from the views.
     */
    void drop(Connection writer) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            for (CubeStatements cube : cubes) {
                statement.execute("DROP TABLE IF EXISTS " + cube.cube().name());
            }
            statement.execute("DROP TABLE IF EXISTS " + ViewHistogramTable.NAME);
            viewerSequence.drop(statement);
        }
    }

    /** Applies the staged views' delta, before they are moved into the views table. */
    void applyStagedDelta(Statement statement, ViewUpserter.Mode mode) throws SQLException {
        statement.execute(switch (mode) {
            case BY_LAST_STORED_START -> changedByLastStoredStartSql;
            case BY_KEY_ONLY -> changedByKeySql;
        });
        for (CubeStatements cube : cubes) {
            statement.execute(cube.merge());
        }
        statement.execute(histogramMergeSql);
        viewerSequence.applyStagedDelta(statement, CHANGED, WEIGHT);
        // dropping frees the temporary table's memory
        statement.execute("DROP TABLE " + CHANGED);
    }

    /**
     * The stored versions the staged views replace (weight −1) and the staged versions that replace them or are new
     * (weight +1), as stored views columns plus the weight; a stale staged version is in neither.
     */
    private static String changedRows(String staging, boolean sameStart) {
        List<String> stored = ViewTable.storedColumnNames();
        String match = "v." + ViewTable.PROJECT_ID.name() + " = s." + ViewTable.PROJECT_ID.name()
                + " AND v." + ViewTable.VIEW_ID.name() + " = s." + ViewTable.VIEW_ID.name()
                + (sameStart ? " AND v." + ViewTable.VIEW_START_MS.name() + " = s." + ViewUpserter.STORED_START : "");
        String newer = "s." + ViewTable.VERSION.name() + " > v." + ViewTable.VERSION.name();
        return "(SELECT -1 AS " + WEIGHT + ", " + prefixed("v", stored) + "\nFROM " + ViewTable.NAME
                + " AS v JOIN " + staging + " AS s ON " + match + " WHERE " + newer
                + "\nUNION ALL\nSELECT 1 AS " + WEIGHT + ", " + prefixed("s", stored) + "\nFROM " + staging
                + " AS s LEFT JOIN " + ViewTable.NAME + " AS v ON " + match
                + " WHERE v." + ViewTable.VIEW_ID.name() + " IS NULL OR " + newer + ")";
    }

    /**
     * The histograms' delta: per cell, histogram and value, the views added minus the views taken away; a value whose
     * count reaches 0 is deleted. Values are never null, so only the cell's dimensions need {@code IS NOT DISTINCT}.
     */
    private static String histogramMerge(SqlDialect dialect, String changed) {
        String on = ViewHistogramTable.keyColumnNames().stream().map(key -> isDimension(ViewRollupTable.HOURLY, key)
                        ? "h." + key + " IS NOT DISTINCT FROM d." + key
                        : "h." + key + " = d." + key)
                .collect(Collectors.joining(" AND "));
        String views = ViewHistogramTable.VIEWS.name();
        return "MERGE INTO " + ViewHistogramTable.NAME + " AS h USING (\n"
                + ViewHistogramTable.contributionSelect(dialect, changed, WEIGHT)
                + "\n) AS d ON " + on
                + "\nWHEN MATCHED AND h." + views + " + d." + views + " = 0 THEN DELETE"
                + "\nWHEN MATCHED THEN UPDATE SET " + views + " = h." + views + " + d." + views
                + "\nWHEN NOT MATCHED THEN INSERT (" + String.join(", ", histogramColumns()) + ") VALUES ("
                + prefixed("d", histogramColumns()) + ")";
    }

    private static String merge(SqlDialect dialect, ViewRollupTable.Cube cube, String changed) {
        List<String> keys = cube.keyColumnNames();
        String on = keys.stream().map(key -> isDimension(cube, key)
                        ? "r." + key + " IS NOT DISTINCT FROM d." + key
                        : "r." + key + " = d." + key)
                .collect(Collectors.joining(" AND "));
        String attempts = ViewRollupTable.ATTEMPTS.name();
        return "MERGE INTO " + cube.name() + " AS r USING (\n" + aggregate(dialect, cube, changed) + "\n) AS d ON "
                + on + "\nWHEN MATCHED AND r." + attempts + " + d." + attempts + " = 0 THEN DELETE"
                + "\nWHEN MATCHED THEN UPDATE SET " + ViewRollupTable.measureNames().stream()
                .map(name -> name + " = r." + name + " + d." + name).collect(Collectors.joining(", "))
                + "\nWHEN NOT MATCHED THEN INSERT (" + String.join(", ", allColumns(cube)) + ") VALUES ("
                + prefixed("d", allColumns(cube)) + ")";
    }

    /**
     * The weighted contributions of the rows of {@code source} (stored views columns plus the weight), per cell of
     * the cube.
     */
    private static String aggregate(SqlDialect dialect, ViewRollupTable.Cube cube, String source) {
        List<String> key = Stream.concat(Stream.of(ViewRollupTable.PROJECT_ID.name(),
                cube.slotOfPlayRequest(dialect) + " AS " + cube.slotStart().name()), cube.dimensionColumns().stream())
                .toList();
        return "SELECT " + String.join(", ", key) + ", "
                + String.join(", ", ViewRollupTable.contributionColumns(dialect, WEIGHT))
                + "\nFROM " + source + " AS changed\nWHERE " + ViewTable.PLAY_REQUESTED_AT_MS.name() + " IS NOT NULL"
                + "\nGROUP BY " + String.join(", ", cube.keyColumnNames());
    }

    private static List<String> allColumns(ViewRollupTable.Cube cube) {
        return Stream.concat(cube.keyColumnNames().stream(), ViewRollupTable.measureNames().stream()).toList();
    }

    private static List<String> histogramColumns() {
        return Stream.concat(ViewHistogramTable.keyColumnNames().stream(), Stream.of(ViewHistogramTable.VIEWS.name()))
                .toList();
    }

    private static boolean isDimension(ViewRollupTable.Cube cube, String column) {
        return cube.dimensionColumns().contains(column);
    }

    private static String prefixed(String alias, List<String> columns) {
        return columns.stream().map(column -> alias + "." + column).collect(Collectors.joining(", "));
    }
}
