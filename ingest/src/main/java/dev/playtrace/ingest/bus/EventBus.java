package dev.playtrace.ingest.bus;

import dev.playtrace.model.PlayerEvent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where validated, enriched events leave the collectors: {@link #publish} makes a batch durable and hands it, in
 * publication order, to the one {@link BusConsumer} (the sessionizer). The embedded implementation is a local
 * append-only log; a scale-out one is a Kafka topic keyed by view id.
 *
 * <p>A collector answers 2xx only once the returned future completed normally: then the events survive a crash of
 * this process. The future fails with a {@link BusRefusedException} when the bus takes no batch now (the consumer is
 * too far behind: {@link BusOverloadedException}; this node takes no beacons), which the collector answers 503 with
 * Retry-After, or with another exception when the batch could not be made durable.
 */
public interface EventBus extends AutoCloseable {
    CompletableFuture<Void> publish(List<PlayerEvent> events);

    /**
     * The refusal any {@link #publish} would fail with right now (the bus already holds as much unstored work as it
     * may, or takes no batches at all); empty when a batch may be taken. A collector asks before it decodes a body, so
     * that a refused beacon costs no decoding and under overload the CPU goes to the store catching up.
     */
    default Optional<BusRefusedException> currentRefusal() {
        return Optional.empty();
    }

    /** Stops taking batches; what was published and acknowledged stays durable. */
    @Override
    void close();
}
