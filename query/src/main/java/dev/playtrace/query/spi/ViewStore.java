package dev.playtrace.query.spi;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;

import java.util.Collection;
import java.util.List;

/**
 * The storage SPI: keeps views (one row per view, the highest version wins) and the append-only event log, and runs
 * SQL that the query module generated for {@link #dialect()}. Implemented once per store (DuckDB, ClickHouse).
 */
public interface ViewStore extends AutoCloseable {
    SqlDialect dialect();

    /** Inserts or replaces each view's row, keeping the row with the higher version. */
    void upsertViews(Collection<View> views);

    void appendEvents(Collection<PlayerEvent> events);

    /** A view's events in sequence number order (used to recompute a view when late events reopen it). */
    List<PlayerEvent> loadEvents(String projectId, String viewId);

    /** Runs a generated SELECT; each row is an array of column values in select order (JDBC types). */
    List<Object[]> select(SqlStatement statement);

    @Override
    void close();
}
