package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.session.ViewSink;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.ViewStore;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes one partition's sessionizer flush to the store: events, views and the partition's position (the next offset
 * to consume) in one transaction, so the partition's next owner resumes exactly after what is stored. The position
 * carries the owner's next version, so a former owner's late write cannot move it.
 */
final class PartitionViewSink implements ViewSink {
    private final ViewStore store;
    private final int partition;
    private final OwnerVersions versions;

    PartitionViewSink(ViewStore store, int partition, OwnerVersions versions) {
        this.store = requireNonNull(store, "store is null");
        this.partition = partition;
        this.versions = requireNonNull(versions, "versions is null");
    }

    @Override
    public void write(List<View> changedViews, List<PlayerEvent> newEvents, long storedThroughPosition) {
        store.write(changedViews, newEvents, new PartitionPosition(partition, storedThroughPosition, versions.next()));
    }
}
