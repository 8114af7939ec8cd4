package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.ViewTable;
import dev.playtrace.store.spi.ViewerSequenceHourlyTable;
import dev.playtrace.store.spi.ViewerSequenceTable;

import java.sql.Connection;
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
 *   <li>the stored rows of the viewers those entries touch, found by the viewer number;</li>
 *   <li>those viewers' sequences recomputed with the entries applied;</li>
 *   <li>the stored rows that went or whose previous play request changed deleted, and the new or changed rows
 *       inserted. A new latest view of a viewer, the usual case, inserts one row and changes none.</li>
 * </ol>
 * The table holds numbers only (viewer and view as two numbers each from their ids, {@link #numbers}): step 2 reads
 * every stored row of the columns it returns, whatever the filter, and at 10M views that read took 300–500 ms per
 * write with the ids as text, 60–70 ms with numbers.
 *
 * <p>The rows deleted and inserted in step 4 are also counted into {@link ViewerSequenceHourlyTable} (−1 and +1 per
 * hour and previous hour), in the same transaction.
 */
final class ViewerSequenceMaintenance {
    private static final String DELTA = "viewer_sequence_delta";
    private static final String BEFORE = "viewer_sequence_before";
    private static final String AFTER = "viewer_sequence_after";
    private static final String ROW_ID = "stored_row_id";

    private static final String PROJECT = ViewerSequenceTable.PROJECT_ID.name();
    private static final String VIEWER = ViewerSequenceTable.VIEWER_NUMBER.name();
    private static final String VIEWER_LOW = ViewerSequenceTable.VIEWER_NUMBER_LOW.name();
    private static final String VIEW = ViewerSequenceTable.VIEW_NUMBER.name();
    private static final String VIEW_LOW = ViewerSequenceTable.VIEW_NUMBER_LOW.name();
    private static final String AT = ViewerSequenceTable.PLAY_REQUESTED_AT_MS.name();
    private static final String PREVIOUS = ViewerSequenceTable.PREVIOUS_PLAY_REQUESTED_AT_MS.name();
    /** An entry: the view of a viewer and its play request. */
    private static final List<String> ENTRY = List.of(PROJECT, VIEWER, VIEWER_LOW, VIEW, VIEW_LOW, AT);
    private static final String ENTRY_COLUMNS = String.join(", ", ENTRY);
    /** Step 4's stored rows that go ({@code FROM} onwards; the stored row is {@code b}). */
    private static final String ROWS_DELETED = BEFORE + " AS b LEFT JOIN " + AFTER + " AS a ON " + sameEntry("a", "b")
            + " WHERE a." + VIEW + " IS NULL OR a." + PREVIOUS + " IS DISTINCT FROM b." + PREVIOUS;
    /** Step 4's new or changed rows ({@code FROM} onwards; the new row is {@code a}). */
    private static final String ROWS_INSERTED = AFTER + " AS a LEFT JOIN " + BEFORE + " AS b ON " + sameEntry("a", "b")
            + " WHERE b." + VIEW + " IS NULL OR a." + PREVIOUS + " IS DISTINCT FROM b." + PREVIOUS;

    private final SqlDialect dialect;
    private final String createSql;
    private final String backfillSql;
    private final String hourlyCreateSql;
    private final String hourlyBackfillSql;
    private final String hourlyMergeSql;

    ViewerSequenceMaintenance(SqlDialect dialect) {
        this.dialect = dialect;
        this.createSql = dialect.createTable(ViewerSequenceTable.layout());
        this.backfillSql = "INSERT INTO " + ViewerSequenceTable.NAME + " (" + columnList() + ")\n"
                + sequenced(entriesOf(ViewTable.NAME + " WHERE " + ViewTable.VIEWER_ID.name() + " IS NOT NULL AND "
                + ViewTable.PLAY_REQUESTED_AT_MS.name() + " IS NOT NULL"))
                // appended in play request order, so that a window's rows lie in few row groups
                + "\nORDER BY " + AT;
        this.hourlyCreateSql = dialect.createTable(ViewerSequenceHourlyTable.layout());
        this.hourlyBackfillSql = "INSERT INTO " + ViewerSequenceHourlyTable.NAME + " (" + hourlyColumnList() + ")\n"
                + "SELECT " + hourlyKeys("s") + ", count(*) FROM " + ViewerSequenceTable.NAME + " AS s GROUP BY ALL"
                + " ORDER BY " + ViewerSequenceHourlyTable.HOUR_START_MS.name();
        this.hourlyMergeSql = hourlyMerge();
    }

    /** Creates the sequence and its hourly counts. */
    void create(Statement statement) throws SQLException {
        statement.execute(createSql);
        statement.execute(hourlyCreateSql);
    }

    /** Fills the sequence from the stored views, and the hourly counts from the sequence. */
    void backfill(Statement statement) throws SQLException {
        statement.execute(backfillSql);
        statement.execute(hourlyBackfillSql);
    }

    /** Creates and fills the hourly counts of a stored sequence (one kept by a build without them). */
    void createHourlyFromSequence(Statement statement) throws SQLException {
        statement.execute(hourlyCreateSql);
        statement.execute(hourlyBackfillSql);
    }

    void drop(Statement statement) throws SQLException {
        statement.execute("DROP TABLE IF EXISTS " + ViewerSequenceHourlyTable.NAME);
        statement.execute("DROP TABLE IF EXISTS " + ViewerSequenceTable.NAME);
    }

    /** Whether a stored table has this build's columns (an older build's kept the ids as text). */
    static boolean hasCurrentLayout(Connection writer) throws SQLException {
        return !JdbcRows.select(writer, "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND"
                + " schema_name = 'main' AND column_name = ?", List.of(ViewerSequenceTable.NAME,
                ViewerSequenceTable.VIEW_NUMBER_LOW.name())).isEmpty();
    }

    /**
     * Applies the staged views' changes, before they replace the stored ones.
     *
     * @param changed a parenthesised query of stored views columns plus {@code weight}: −1 for a stored version
     *        replaced, +1 for a staged version that wins
     */
    void applyStagedDelta(Statement statement, String changed, String weight) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + DELTA + " AS SELECT " + ENTRY_COLUMNS + ", sum(" + weight
                + ") AS weight FROM (SELECT " + weight + ", " + numbers(ViewTable.VIEWER_ID.name(), VIEWER, VIEWER_LOW)
                + ", " + numbers(ViewTable.VIEW_ID.name(), VIEW, VIEW_LOW) + ", " + PROJECT + ", " + AT + " FROM "
                + changed + " AS changed WHERE " + ViewTable.VIEWER_ID.name() + " IS NOT NULL AND " + AT
                + " IS NOT NULL) AS numbered GROUP BY " + ENTRY_COLUMNS + " HAVING sum(" + weight + ") <> 0");
        if (JdbcRows.select(statement.getConnection(), "SELECT 1 FROM " + DELTA + " LIMIT 1", List.of()).isEmpty()) {
            // rewrites of playing views only: nothing moved
            statement.execute("DROP TABLE " + DELTA);
            return;
        }
        // the first number finds the candidate rows (OFFSET 0 keeps the rest of the comparison out of that scan)
        statement.execute("CREATE OR REPLACE TEMP TABLE " + BEFORE + " AS SELECT s.* FROM (SELECT rowid AS " + ROW_ID
                + ", * FROM " + ViewerSequenceTable.NAME + " WHERE " + VIEWER + " IN (SELECT " + VIEWER + " FROM "
                + DELTA + ") OFFSET 0) AS s SEMI JOIN " + DELTA + " AS d ON " + sameViewer("s", "d"));
        statement.execute("CREATE OR REPLACE TEMP TABLE " + AFTER + " AS " + sequenced(
                "SELECT " + ENTRY_COLUMNS + " FROM " + BEFORE + " AS b WHERE NOT EXISTS (SELECT 1 FROM " + DELTA
                        + " AS d WHERE d.weight < 0 AND " + sameEntry("d", "b") + ")"
                        + " UNION ALL SELECT " + ENTRY_COLUMNS + " FROM " + DELTA + " WHERE weight > 0"));
        statement.execute(hourlyMergeSql);
        statement.execute("DELETE FROM " + ViewerSequenceTable.NAME + " WHERE rowid IN (SELECT b." + ROW_ID + " FROM "
                + ROWS_DELETED + ")");
        statement.execute("INSERT INTO " + ViewerSequenceTable.NAME + " (" + columnList() + ") SELECT "
                + ViewerSequenceTable.columnNames().stream().map(column -> "a." + column)
                .collect(Collectors.joining(", ")) + " FROM " + ROWS_INSERTED + " ORDER BY a." + AT);
        for (String table : List.of(DELTA, BEFORE, AFTER)) {
            // dropping frees the temporary tables' memory; DELETE would keep it
            statement.execute("DROP TABLE " + table);
        }
    }

    /**
     * The hourly counts' delta from the rows step 4 deletes (−1) and inserts (+1), merged by hour and previous hour;
     * a cell whose count reaches 0 is deleted.
     */
    private String hourlyMerge() {
        String deleted = "SELECT " + hourlyKeys("b") + ", -1 AS " + ViewerSequenceHourlyTable.VIEWS.name() + " FROM "
                + ROWS_DELETED;
        String inserted = "SELECT " + hourlyKeys("a") + ", 1 AS " + ViewerSequenceHourlyTable.VIEWS.name() + " FROM "
                + ROWS_INSERTED;
        String views = ViewerSequenceHourlyTable.VIEWS.name();
        List<String> keys = List.of(ViewerSequenceHourlyTable.PROJECT_ID.name(),
                ViewerSequenceHourlyTable.HOUR_START_MS.name(), ViewerSequenceHourlyTable.PREVIOUS_HOUR_START_MS.name());
        return "MERGE INTO " + ViewerSequenceHourlyTable.NAME + " AS h USING (SELECT " + String.join(", ", keys)
                + ", sum(" + views + ") AS " + views + " FROM (" + deleted + " UNION ALL " + inserted
                + ") AS changes GROUP BY ALL HAVING sum(" + views + ") <> 0) AS d ON "
                + keys.stream().map(key -> "h." + key + " = d." + key).collect(Collectors.joining(" AND "))
                + "\nWHEN MATCHED AND h." + views + " + d." + views + " = 0 THEN DELETE"
                + "\nWHEN MATCHED THEN UPDATE SET " + views + " = h." + views + " + d." + views
                + "\nWHEN NOT MATCHED THEN INSERT (" + hourlyColumnList() + ") VALUES ("
                + ViewerSequenceHourlyTable.columnNames().stream().map(column -> "d." + column)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Project, hour and previous hour of the sequence rows aliased {@code alias}, named as the hourly columns. */
    private String hourlyKeys(String alias) {
        return alias + "." + PROJECT + " AS " + ViewerSequenceHourlyTable.PROJECT_ID.name() + ", "
                + ViewerSequenceHourlyTable.hourOf(dialect, alias + "." + AT) + " AS "
                + ViewerSequenceHourlyTable.HOUR_START_MS.name() + ", "
                + ViewerSequenceHourlyTable.previousHourOf(dialect, alias + "." + AT, alias + "." + PREVIOUS) + " AS "
                + ViewerSequenceHourlyTable.PREVIOUS_HOUR_START_MS.name();
    }

    private static String hourlyColumnList() {
        return String.join(", ", ViewerSequenceHourlyTable.columnNames());
    }

    /** The entries of the views in {@code viewsSource} ({@code FROM} onwards). */
    private static String entriesOf(String viewsSource) {
        return "SELECT " + PROJECT + ", " + numbers(ViewTable.VIEWER_ID.name(), VIEWER, VIEWER_LOW) + ", "
                + numbers(ViewTable.VIEW_ID.name(), VIEW, VIEW_LOW) + ", " + AT + " FROM " + viewsSource;
    }

    /** The entries of {@code source} as table rows with their previous. */
    private static String sequenced(String source) {
        return "SELECT " + ENTRY_COLUMNS + ", lag(" + AT + ") OVER (PARTITION BY " + PROJECT + ", " + VIEWER + ", "
                + VIEWER_LOW + " ORDER BY " + AT + ", " + VIEW + ", " + VIEW_LOW + ") AS " + PREVIOUS + " FROM ("
                + source + ") AS entries";
    }

    /**
     * An id as two numbers: 63 high and 63 low bits of its MD5 (stable across DuckDB versions, unlike
     * {@code hash()}), named {@code high} and {@code low}.
     */
    private static String numbers(String id, String high, String low) {
        return "(md5_number(" + id + ") >> 65)::BIGINT AS " + high + ", (md5_number(" + id
                + ") & 9223372036854775807)::BIGINT AS " + low;
    }

    private static String sameViewer(String left, String right) {
        return List.of(PROJECT, VIEWER, VIEWER_LOW).stream().map(column -> left + "." + column + " = " + right + "."
                + column).collect(Collectors.joining(" AND "));
    }

    private static String sameEntry(String left, String right) {
        return ENTRY.stream().map(column -> left + "." + column + " = " + right + "." + column)
                .collect(Collectors.joining(" AND "));
    }

    private static String columnList() {
        return String.join(", ", ViewerSequenceTable.columnNames());
    }
}
