package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.session.ViewSink;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.server.observe.ServerMetrics;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Writes what a sessionizer flush produced to the store: new events, recomputed views and the bus position, together. */
public final class StoreViewSink implements ViewSink {
    private final ViewStore store;
    private final ServerMetrics metrics;

    public StoreViewSink(ViewStore store, ServerMetrics metrics) {
        this.store = requireNonNull(store, "store is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void write(List<View> changedViews, List<PlayerEvent> newEvents, long storedThroughPosition) {
        store.write(changedViews, newEvents, storedThroughPosition);
        metrics.viewsWritten(changedViews.size());
    }
}
