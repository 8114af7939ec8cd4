package dev.playtrace.ingest.bus;

import dev.playtrace.model.PlayerEvent;

import java.util.List;

/** Receives published batches in publication order, each with its position on the bus (increasing). */
@FunctionalInterface
public interface BusConsumer {
    void accept(List<PlayerEvent> events, long position);
}
