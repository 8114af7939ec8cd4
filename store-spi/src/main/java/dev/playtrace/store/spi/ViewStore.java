package dev.playtrace.store.spi;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The storage SPI: keeps views (one row per view, the highest version wins) and the append-only event log, and runs
 * SQL that the query module generated for {@link #dialect()}. Implemented once per store (DuckDB, ClickHouse).
 */
public interface ViewStore extends AutoCloseable {
    SqlDialect dialect();

    /** Inserts or replaces each view's row, keeping the row with the higher version. */
    void upsertViews(Collection<View> views);

    void appendEvents(Collection<PlayerEvent> events);

    /**
     * Appends events, upserts views and records the ingest bus position they complete, all in one transaction: after
     * a crash either all of it is stored or none of it, so no event is stored without its view and a restart replays
     * the bus from exactly {@link #storedBusPosition()}.
     */
    void write(Collection<View> views, Collection<PlayerEvent> events, long busPosition);

    /** Appends events and upserts views in one transaction, leaving the bus position as it is (replays, backfills). */
    void write(Collection<View> views, Collection<PlayerEvent> events);

    /** The bus position of the last {@link #write}; 0 when there was none. */
    long storedBusPosition();

    /**
     * Like {@link #write(Collection, Collection, long)} for one partition of a partitioned bus (a Kafka topic): the
     * position recorded is that partition's, beside every other partition's and the embedded bus's. A partition's new
     * owner resumes after {@link #storedBusPosition(int)}, so nothing the old owner stored is written twice.
     *
     * <p>The position is fenced by its version: it replaces the stored one only when its version is higher, so a
     * former owner that stalled past losing the partition cannot move it back by writing late. (Its views carry
     * versions from the same sequence and lose to the new owner's the same way.)
     */
    void write(Collection<View> views, Collection<PlayerEvent> events, PartitionPosition position);

    /** The position of the partition's {@link #write} with the highest version; 0 when there was none. */
    long storedBusPosition(int busPartition);

    /** The highest version any partition position was written with; 0 when there was none. */
    long highestPartitionPositionVersion();

    /**
     * A stored view's events in sequence number order. A store may use what the row says (its time span, its event
     * count) to find them without reading the row again; by default the same as by its key.
     */
    default List<PlayerEvent> loadEvents(View view) {
        return loadEvents(view.projectId(), view.viewId());
    }

    /** A view's events in sequence number order (used to recompute a view when late events reopen it). */
    List<PlayerEvent> loadEvents(String projectId, String viewId);

    /** Every stored event of the given views, in no particular order: one scan for many views. */
    List<PlayerEvent> loadEvents(Collection<ViewKey> views);

    /**
     * Which of the given views have a stored row whose view start (of its newest version) lies in
     * {@code [startFromMs, startToMs]}, both ends included; one read for many views. The window is what makes it cheap:
     * views are stored roughly in start order, so a store reads only the views started in it. The sessionizer asks
     * this at each flush about the views it is about to write for the first time.
     */
    Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs);

    /**
     * Whether this store keeps {@link ViewRollupTable} exact in every write of views (same transaction), so that the
     * query engine may read it. A store that does not (or has it turned off) answers false and is queried over its
     * views only.
     */
    default boolean maintainsViewRollup() {
        return false;
    }

    /** Runs a generated SELECT; each row is read by the column names (aliases) the statement selected. */
    List<StoreRow> select(SqlStatement statement);

    @Override
    void close();
}
