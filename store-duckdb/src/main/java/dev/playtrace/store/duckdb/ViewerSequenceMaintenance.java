package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewTable;
import dev.playtrace.store.spi.ViewerSequenceTable;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps {@link ViewerSequenceTable} exact in the transaction that upserts views, from the same changed rows as the
 * rollup's delta (the stored versions replaced, weight −1, and the staged versions that win, +1):
 * <ol>
 *   <li>the batch's net entries: (view, viewer, play request) added or taken away; a view rewritten with the same
 *       viewer and play request (nearly every rewrite of a playing view) cancels out and costs nothing more;</li>
 *   <li>the stored rows of the viewers those entries touch, found by the viewer number (an integer scan, where the
 *       viewer id would be hashed for every stored row);</li>
 *   <li>those viewers' sequences recomputed with the entries applied;</li>
 *   <li>the stored rows that went or whose previous play request changed deleted, and the new or changed rows
 *       inserted. A new latest view of a viewer, the usual case, inserts one row and changes none.</li>
 * </ol>
 */
final class ViewerSequenceMaintenance {
    private static final String DELTA = "viewer_sequence_delta";
    private static final String BEFORE = "viewer_sequence_before";
    private static final String AFTER = "viewer_sequence_after";
    private static final String ROW_ID = "stored_row_id";

    private static final String PROJECT = ViewerSequenceTable.PROJECT_ID.name();
    private static final String VIEWER = ViewerSequenceTable.VIEWER_ID.name();
    private static final String NUMBER = ViewerSequenceTable.VIEWER_NUMBER.name();
    private static final String VIEW = ViewerSequenceTable.VIEW_ID.name();
    private static final String AT = ViewerSequenceTable.PLAY_REQUESTED_AT_MS.name();
    private static final String PREVIOUS = ViewerSequenceTable.PREVIOUS_PLAY_REQUESTED_AT_MS.name();
    private static final String ENTRY = PROJECT + ", " + VIEWER + ", " + VIEW + ", " + AT;

    private final String createSql;
    private final String backfillSql;

    ViewerSequenceMaintenance(SqlDialect dialect) {
        this.createSql = dialect.createTable(ViewerSequenceTable.layout());
        this.backfillSql = "INSERT INTO " + ViewerSequenceTable.NAME + " (" + columnList() + ")\n"
                + sequenced("SELECT " + ENTRY + " FROM " + ViewTable.NAME + " WHERE " + ViewTable.VIEWER_ID.name()
                + " IS NOT NULL AND " + ViewTable.PLAY_REQUESTED_AT_MS.name() + " IS NOT NULL")
                // appended in play request order, so that a window's rows lie in few row groups
                + "\nORDER BY " + AT;
    }

    void create(Statement statement) throws SQLException {
        statement.execute(createSql);
    }

    void backfill(Statement statement) throws SQLException {
        statement.execute(backfillSql);
    }

    void drop(Statement statement) throws SQLException {
        statement.execute("DROP TABLE IF EXISTS " + ViewerSequenceTable.NAME);
    }

    /**
     * Applies the staged views' changes, before they replace the stored ones.
     *
     * @param changed a parenthesised query of stored views columns plus {@code weight}: −1 for a stored version
     *        replaced, +1 for a staged version that wins
     */
    void applyStagedDelta(Statement statement, String changed, String weight) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + DELTA + " AS SELECT " + ENTRY + ", sum(" + weight
                + ") AS weight FROM " + changed + " AS changed WHERE " + VIEWER + " IS NOT NULL AND " + AT
                + " IS NOT NULL GROUP BY " + ENTRY + " HAVING sum(" + weight + ") <> 0");
        if (JdbcRows.select(statement.getConnection(), "SELECT 1 FROM " + DELTA + " LIMIT 1", List.of()).isEmpty()) {
            // rewrites of playing views only: nothing moved
            statement.execute("DROP TABLE " + DELTA);
            return;
        }
        // the numbers find the candidate rows (OFFSET 0 keeps the ids' comparison out of that scan); the ids decide
        statement.execute("CREATE OR REPLACE TEMP TABLE " + BEFORE + " AS SELECT s.* FROM (SELECT rowid AS " + ROW_ID
                + ", * FROM " + ViewerSequenceTable.NAME + " WHERE " + NUMBER + " IN (SELECT " + viewerNumber(VIEWER)
                + " FROM " + DELTA + ") OFFSET 0) AS s SEMI JOIN " + DELTA + " AS d ON s." + PROJECT + " = d." + PROJECT
                + " AND s." + VIEWER + " = d." + VIEWER);
        statement.execute("CREATE OR REPLACE TEMP TABLE " + AFTER + " AS " + sequenced(
                "SELECT " + ENTRY + " FROM " + BEFORE + " AS b WHERE NOT EXISTS (SELECT 1 FROM " + DELTA
                        + " AS d WHERE d.weight < 0 AND " + sameEntry("d", "b") + ")"
                        + " UNION ALL SELECT " + ENTRY + " FROM " + DELTA + " WHERE weight > 0"));
        statement.execute("DELETE FROM " + ViewerSequenceTable.NAME + " WHERE rowid IN (SELECT b." + ROW_ID + " FROM "
                + BEFORE + " AS b LEFT JOIN " + AFTER + " AS a ON " + sameEntry("a", "b") + " WHERE a." + VIEW
                + " IS NULL OR a." + PREVIOUS + " IS DISTINCT FROM b." + PREVIOUS + ")");
        statement.execute("INSERT INTO " + ViewerSequenceTable.NAME + " (" + columnList() + ") SELECT "
                + ViewerSequenceTable.columnNames().stream().map(column -> "a." + column)
                .collect(Collectors.joining(", ")) + " FROM " + AFTER + " AS a LEFT JOIN " + BEFORE + " AS b ON "
                + sameEntry("a", "b") + " WHERE b." + VIEW + " IS NULL OR a." + PREVIOUS + " IS DISTINCT FROM b."
                + PREVIOUS + " ORDER BY a." + AT);
        for (String table : List.of(DELTA, BEFORE, AFTER)) {
            // dropping frees the temporary tables' memory; DELETE would keep it
            statement.execute("DROP TABLE " + table);
        }
    }

    /** The entries of {@code source} (project, viewer, view, play request) as table rows with their previous. */
    private static String sequenced(String source) {
        return "SELECT " + PROJECT + ", " + VIEWER + ", " + viewerNumber(VIEWER) + " AS " + NUMBER + ", " + VIEW + ", "
                + AT + ", lag(" + AT + ") OVER (PARTITION BY " + PROJECT + ", " + VIEWER + " ORDER BY " + AT + ", "
                + VIEW + ") AS " + PREVIOUS + " FROM (" + source + ") AS entries";
    }

    /** 63 bits of the id's MD5: stable across DuckDB versions, unlike {@code hash()}. */
    private static String viewerNumber(String viewerId) {
        return "(md5_number(" + viewerId + ") >> 65)::BIGINT";
    }

    private static String sameEntry(String left, String right) {
        return List.of(PROJECT, VIEWER, VIEW, AT).stream().map(column -> left + "." + column + " = " + right + "."
                + column).collect(Collectors.joining(" AND "));
    }

    private static String columnList() {
        return String.join(", ", ViewerSequenceTable.columnNames());
    }
}
