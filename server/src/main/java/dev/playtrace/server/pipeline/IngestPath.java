package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.bus.EventBus;

import java.util.Optional;

/**
 * What carries a collector's events to the store in this process: the embedded log and sessionizer
 * ({@link EmbeddedIngest}), this node's roles on a Kafka bus ({@link KafkaIngest}), or nothing on a query node
 * ({@link QueryOnlyIngest}).
 */
public interface IngestPath extends AutoCloseable {
    /** Where the collector publishes. */
    EventBus bus();

    /** Views open in this process's sessionizers. */
    int liveViewCount();

    /** Events this process acknowledged that are not yet in the store (0 where Kafka holds them). */
    long unstoredEvents();

    /**
     * Why this process's ingest has stopped working (the ingest log failed, the sessionizer worker's thread ended),
     * for {@code /health}; empty while it works.
     */
    Optional<String> failure();

    /** Writes everything this process's sessionizers hold to the store (tests). */
    void flushNow();

    /** Stops taking events and writes what this process holds. */
    @Override
    void close();
}
