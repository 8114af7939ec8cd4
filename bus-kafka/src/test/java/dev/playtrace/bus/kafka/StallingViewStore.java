package dev.playtrace.bus.kafka;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A store whose partition writes can be made to hang, as a worker's would in a long GC pause or on a store that stops
 * answering: once {@link #stall()}ed, the next partition write waits until {@link #release()} and then goes through,
 * late, as does every write after it.
 */
final class StallingViewStore implements ViewStore {
    private final ViewStore store;
    private final AtomicBoolean stallNext = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final AtomicInteger writesAfterRelease = new AtomicInteger();

    StallingViewStore(ViewStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The next partition write hangs until {@link #release()}. */
    void stall() {
        stallNext.set(true);
    }

    /** Whether a write is hanging now. */
    boolean isStalled() {
        return stalled.get() && released.getCount() > 0;
    }

    void release() {
        released.countDown();
    }

    /** Partition writes that went through after {@link #release()}, the stalled one included. */
    int writesAfterRelease() {
        return writesAfterRelease.get();
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, PartitionPosition position) {
        if (stallNext.getAndSet(false)) {
            stalled.set(true);
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stalled", e);
            }
        }
        store.write(views, events, position);
        if (stalled.get() && released.getCount() == 0) {
            writesAfterRelease.incrementAndGet();
        }
    }

    @Override
    public SqlDialect dialect() {
        return store.dialect();
    }

    @Override
    public void upsertViews(Collection<View> views) {
        store.upsertViews(views);
    }

    @Override
    public void appendEvents(Collection<PlayerEvent> events) {
        store.appendEvents(events);
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, long busPosition) {
        store.write(views, events, busPosition);
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events) {
        store.write(views, events);
    }

    @Override
    public long storedBusPosition() {
        return store.storedBusPosition();
    }

    @Override
    public long storedBusPosition(int busPartition) {
        return store.storedBusPosition(busPartition);
    }

    @Override
    public long highestPartitionPositionVersion() {
        return store.highestPartitionPositionVersion();
    }

    @Override
    public List<PlayerEvent> loadEvents(String projectId, String viewId) {
        return store.loadEvents(projectId, viewId);
    }

    @Override
    public List<PlayerEvent> loadEvents(Collection<ViewKey> views) {
        return store.loadEvents(views);
    }

    @Override
    public Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs) {
        return store.storedViews(views, startFromMs, startToMs);
    }

    @Override
    public List<StoreRow> select(SqlStatement statement) {
        return store.select(statement);
    }

    @Override
    public void close() {
        release();
    }
}
