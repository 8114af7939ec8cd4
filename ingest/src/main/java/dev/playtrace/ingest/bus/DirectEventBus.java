package dev.playtrace.ingest.bus;

import dev.playtrace.model.PlayerEvent;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Hands each batch straight to its consumer with no durability: for replays whose source can simply be replayed
 * again (the demo backfill, the benchmark's dataset builder), never for what a client was told is stored.
 */
public final class DirectEventBus implements EventBus {
    private final BusConsumer consumer;
    private long position;

    public DirectEventBus(BusConsumer consumer) {
        this.consumer = requireNonNull(consumer, "consumer is null");
    }

    @Override
    public synchronized CompletableFuture<Void> publish(List<PlayerEvent> events) {
        consumer.accept(events, ++position);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
