package dev.playtrace.store.duckdb;

import dev.playtrace.model.ViewKey;
import dev.playtrace.store.spi.RowValues;
import dev.playtrace.store.spi.ViewTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of many views are stored, among the views started in a time window: the keys go in as two bound lists (no
 * SQL text per key) and are hash-joined with the views table, whose scan the constant start range prunes by zone maps
 * (the views table is appended roughly in start order, see {@link ViewUpserter}), so a read costs the row groups of
 * the window, not the whole table.
 */
final class StoredViews {
    /** Views per read: the join's hash table stays small. */
    private static final int VIEWS_PER_READ = 20_000;

    private static final String SQL = "SELECT v." + ViewTable.PROJECT_ID.name() + ", v." + ViewTable.VIEW_ID.name()
            + " FROM " + ViewTable.NAME + " v JOIN (SELECT unnest(?::VARCHAR[]) AS project_id,"
            + " unnest(?::VARCHAR[]) AS view_id) k"
            + " ON v." + ViewTable.PROJECT_ID.name() + " = k.project_id"
            + " AND v." + ViewTable.VIEW_ID.name() + " = k.view_id"
            + " WHERE v." + ViewTable.VIEW_START_MS.name() + " BETWEEN ? AND ?";

    Set<ViewKey> find(Connection reader, Collection<ViewKey> views, long startFromMs, long startToMs)
            throws SQLException {
        List<ViewKey> keys = List.copyOf(new HashSet<>(views));
        Set<ViewKey> stored = new HashSet<>();
        for (int from = 0; from < keys.size(); from += VIEWS_PER_READ) {
            List<ViewKey> chunk = keys.subList(from, Math.min(keys.size(), from + VIEWS_PER_READ));
            List<String> projectIds = new ArrayList<>(chunk.size());
            List<String> viewIds = new ArrayList<>(chunk.size());
            for (ViewKey key : chunk) {
                projectIds.add(key.projectId());
                viewIds.add(key.viewId());
            }
            try (PreparedStatement statement = reader.prepareStatement(SQL)) {
                statement.setArray(1, reader.createArrayOf("VARCHAR", projectIds.toArray()));
                statement.setArray(2, reader.createArrayOf("VARCHAR", viewIds.toArray()));
                statement.setLong(3, startFromMs);
                statement.setLong(4, startToMs);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        stored.add(new ViewKey(RowValues.text(rows.getObject(1)), RowValues.text(rows.getObject(2))));
                    }
                }
            }
        }
        return stored;
    }
}
