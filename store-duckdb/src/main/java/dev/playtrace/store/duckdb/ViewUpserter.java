package dev.playtrace.store.duckdb;

import dev.playtrace.model.View;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewTable;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bulk upsert of views, keeping each view's highest version. The batch goes through an Appender into a
 * connection-local staging table, then one statement moves it into the views table.
 *
 * <p>DuckDB resolves upserts with a join against the views table, so a plain {@code ON CONFLICT} scans every stored
 * view on each batch and slows down as the table grows. The fast path therefore matches on the view start as well:
 * the start the view was last stored with ({@link LastStoredStarts}, staged beside each view), and the equality lets
 * DuckDB skip the row groups outside the batch's time span. When that start is not the stored one (a view written
 * before this process started, whose start moved since), the fast path would insert a second row for the view; the
 * primary key refuses it, the transaction rolls back, and the caller retries with {@link Mode#BY_KEY_ONLY}.
 */
final class ViewUpserter {
    static final String STAGING = "views_staging";
    /** The staging table's column of the start each view's stored row is expected to have. */
    static final String STORED_START = "stored_view_start_ms";
    private static final String CONSTRAINT_ERROR = "Constraint Error";

    /** How staged rows are matched to stored ones: by key and the start they were last stored with (so that DuckDB
     * skips row groups by the start), or by key only (the retry when that start was not the stored one). */
    enum Mode { BY_LAST_STORED_START, BY_KEY_ONLY }

    private final String mergeByLastStoredStartSql;
    private final String upsertByKeySql;
    private final String createStagingSql;
    /** Null when the store does not keep the rollup. */
    private final ViewRollupMaintenance rollup;
    private final LastStoredStarts lastStoredStarts = new LastStoredStarts(LastStoredStarts.DEFAULT_CAPACITY);

    ViewUpserter(ViewRollupMaintenance rollup) {
        this.rollup = rollup;
        List<String> columns = ViewTable.storedColumnNames();
        String columnList = String.join(", ", columns);
        List<String> updated = columns.stream()
                .filter(name -> !name.equals(ViewTable.PROJECT_ID.name()) && !name.equals(ViewTable.VIEW_ID.name()))
                .toList();
        String version = ViewTable.VERSION.name();
        this.createStagingSql = "CREATE TEMP TABLE IF NOT EXISTS " + STAGING + " AS SELECT " + columnList + ", "
                + ViewTable.VIEW_START_MS.name() + " AS " + STORED_START + " FROM " + ViewTable.NAME + " LIMIT 0";
        this.mergeByLastStoredStartSql = "MERGE INTO " + ViewTable.NAME + " USING " + STAGING + " AS s ON "
                + matching(ViewTable.PROJECT_ID, ViewTable.VIEW_ID) + " AND " + ViewTable.NAME + "."
                + ViewTable.VIEW_START_MS.name() + " = s." + STORED_START
                + " WHEN MATCHED AND s." + version + " > " + ViewTable.NAME + "." + version + " THEN UPDATE SET "
                + updated.stream().map(name -> name + " = s." + name).collect(Collectors.joining(", "))
                + " WHEN NOT MATCHED THEN INSERT (" + columnList + ") VALUES ("
                + columns.stream().map(name -> "s." + name).collect(Collectors.joining(", ")) + ")";
        this.upsertByKeySql = "INSERT INTO " + ViewTable.NAME + " (" + columnList + ") SELECT " + columnList + " FROM "
                + STAGING + " ON CONFLICT (" + ViewTable.PROJECT_ID.name() + ", " + ViewTable.VIEW_ID.name()
                + ") DO UPDATE SET " + updated.stream().map(name -> name + " = excluded." + name)
                .collect(Collectors.joining(", "))
                + " WHERE excluded." + version + " > " + ViewTable.NAME + "." + version;
    }

    /** Creates the staging table; temporary tables belong to one connection, so this runs on the writer. */
    void createStaging(DuckDBConnection writer) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute(createStagingSql);
        }
    }

    /**
     * Upserts within the writer's open transaction.
     *
     * @throws ViewStartMovedException when {@link Mode#BY_LAST_STORED_START} met a view whose start changed; the transaction
     *         must be rolled back and the batch retried with {@link Mode#BY_KEY_ONLY}
     */
    void upsert(DuckDBConnection writer, Collection<View> views, Mode mode) throws SQLException {
        try (DuckDBAppender appender = writer.createAppender("temp", "main", STAGING)) {
            for (View view : newestPerView(views)) {
                appender.beginRow();
                for (ViewColumn column : ViewTable.STORED_COLUMNS) {
                    AppenderColumns.append(appender, column.type(), column.valueOf(view));
                }
                appender.append(lastStoredStarts.storedStartOf(view));
                appender.endRow();
            }
        }
        try (Statement statement = writer.createStatement()) {
            if (rollup != null) {
                // Reads the stored versions the merge below replaces, so it runs first, in the same transaction.
                rollup.applyStagedDelta(statement, mode);
            }
            switch (mode) {
                case BY_LAST_STORED_START -> mergeByLastStoredStart(statement);
                case BY_KEY_ONLY -> statement.execute(upsertByKeySql);
            }
            // DELETE would keep the deleted rows' memory in a temporary table for good; dropping frees it.
            statement.execute("DROP TABLE " + STAGING);
            statement.execute(createStagingSql);
        }
    }

    /**
     * Call after the transaction of {@link #upsert} committed: its views are what the store now holds. Runs outside
     * the store's write lock; a write that stages in between may read a start not yet updated, which only costs that
     * write its retry by key ({@link LastStoredStarts} is a hint, never the truth).
     */
    void committed(Collection<View> views) {
        lastStoredStarts.committed(views);
    }

    private void mergeByLastStoredStart(Statement statement) throws SQLException {
        try {
            statement.execute(mergeByLastStoredStartSql);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains(CONSTRAINT_ERROR)) {
                throw new ViewStartMovedException(e);
            }
            throw e;
        }
    }

    private static String matching(ViewColumn... columns) {
        return Arrays.stream(columns)
                .map(column -> ViewTable.NAME + "." + column.name() + " = s." + column.name())
                .collect(Collectors.joining(" AND "));
    }

    /** One statement may not touch a row twice, so a batch keeps only each view's highest version. */
    private static Collection<View> newestPerView(Collection<View> views) {
        Map<String, View> newest = new LinkedHashMap<>();
        for (View view : views) {
            newest.merge(view.projectId() + '\u0000' + view.viewId(), view,
                    (kept, candidate) -> candidate.version() > kept.version() ? candidate : kept);
        }
        return newest.values();
    }

    /** A staged view's stored row has another start time, so the same-start merge could not match it. */
    static final class ViewStartMovedException extends RuntimeException {
        ViewStartMovedException(SQLException cause) {
            super("a view's start time changed between versions", cause);
        }
    }
}
