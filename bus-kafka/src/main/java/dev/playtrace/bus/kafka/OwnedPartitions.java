package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The partitions one worker owns, each with its own {@link Sessionizer} whose positions are the partition's offsets
 * plus one (a position is the next offset to consume, as Kafka commits it). Taking a partition rebuilds its live views
 * from the store: the stored open views whose key hashes to it, and the position the last owner stored through. Every
 * take starts a new epoch of the worker's {@link OwnerVersions} above everything stored, and claims it by storing each
 * taken partition's position with it, so a former owner that writes late is outranked. Not thread-safe: the worker's
 * consumer thread alone uses it.
 */
final class OwnedPartitions {
    private final ViewStore store;
    private final Supplier<? extends Collection<View>> storedOpenViews;
    private final Clock clock;
    private final OwnerVersions versions = new OwnerVersions();
    private final SessionizerSettings settings;
    private final Map<Integer, Sessionizer> sessionizers = new HashMap<>();

    OwnedPartitions(ViewStore store, Supplier<? extends Collection<View>> storedOpenViews, Clock clock,
            SessionizerSettings settings) {
        this.store = requireNonNull(store, "store is null");
        this.storedOpenViews = requireNonNull(storedOpenViews, "storedOpenViews is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Takes the partitions: one sessionizer each, resumed with the partition's stored open views and after
     * {@code max(committed offset, stored position)}.
     *
     * @param committedOffsets the group's committed offset per partition (absent: none)
     * @return the offset to seek each partition to
     */
    Map<Integer, Long> take(Collection<Integer> partitions, int partitionCount, Map<Integer, Long> committedOffsets) {
        Map<Integer, List<View>> openViews = new HashMap<>();
        for (int partition : partitions) {
            openViews.put(partition, new ArrayList<>());
        }
        for (View view : storedOpenViews.get()) {
            List<View> owned = openViews.get(ViewPartitioner.partitionOf(
                    new ViewKey(view.projectId(), view.viewId()), partitionCount));
            if (owned != null) {
                owned.add(view);
            }
        }
        startEpoch();
        Map<Integer, Long> seekTo = new HashMap<>();
        for (int partition : partitions) {
            Sessionizer sessionizer = new Sessionizer(new PartitionViewSink(store, partition, versions),
                    EventSource.of(store::loadEvents, store::storedViews), clock, settings, versions);
            sessionizer.resumeOpenViews(openViews.get(partition));
            long resumeAt = Math.max(store.storedBusPosition(partition), committedOffsets.getOrDefault(partition, 0L));
            sessionizer.resumeAfterPosition(resumeAt);
            sessionizers.put(partition, sessionizer);
            claim(partition, resumeAt);
            seekTo.put(partition, resumeAt);
        }
        return seekTo;
    }

    /**
     * Starts a new epoch when half the current one's versions are used (after some 5 x 10^11 view writes without a
     * rebalance), claimed like a take's.
     */
    void renewEpochIfDue() {
        if (!versions.dueForRenewal()) {
            return;
        }
        startEpoch();
        for (Map.Entry<Integer, Sessionizer> owned : sessionizers.entrySet()) {
            claim(owned.getKey(), owned.getValue().storedThroughPosition());
        }
    }

    private void startEpoch() {
        versions.startEpochAbove(Math.max(highestStoredViewVersion(), store.highestPartitionPositionVersion()));
    }

    /** Stores the partition's position with this epoch's version: a later taker's epoch is then above this one. */
    private void claim(int partition, long position) {
        store.write(List.of(), List.of(), new PartitionPosition(partition, position, versions.next()));
    }

    /** Over every view, not only the partition's: one aggregate any store runs, and an epoch only needs to be high. */
    private long highestStoredViewVersion() {
        List<StoreRow> rows = store.select(new SqlStatement("SELECT max(" + ViewTable.VERSION.name() + ") AS max_version"
                + " FROM " + ViewTable.NAME, List.of()));
        return rows.isEmpty() ? 0 : rows.getFirst().longOrZero("max_version");
    }

    /** The partition's sessionizer; null when this worker does not own it. */
    Sessionizer sessionizer(int partition) {
        return sessionizers.get(partition);
    }

    int liveViewCount() {
        int live = 0;
        for (Sessionizer sessionizer : sessionizers.values()) {
            live += sessionizer.liveViewCount();
        }
        return live;
    }

    Set<Integer> partitions() {
        return Set.copyOf(sessionizers.keySet());
    }

    /** Writes everything pending of the partition and lets it go; returns the position stored through. */
    long release(int partition) {
        Sessionizer sessionizer = sessionizers.remove(partition);
        if (sessionizer == null) {
            return 0;
        }
        sessionizer.close();
        return sessionizer.storedThroughPosition();
    }

    /** Lets the partition go without writing anything (its new owner may already be writing it). */
    void abandon(int partition) {
        sessionizers.remove(partition);
    }

    /** Lets every partition go without writing anything: what a crash leaves. */
    void abandonAll() {
        sessionizers.clear();
    }
}
