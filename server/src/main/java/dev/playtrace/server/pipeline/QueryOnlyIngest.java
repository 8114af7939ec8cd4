package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.server.ServerRole;

import java.util.Optional;

/** A query node's ingest: none. It refuses beacons, holds no live views and opens no bus connection. */
public final class QueryOnlyIngest implements IngestPath {
    private final EventBus refusing = new NotACollector(ServerRole.QUERY);

    @Override
    public EventBus bus() {
        return refusing;
    }

    @Override
    public int liveViewCount() {
        return 0;
    }

    @Override
    public long unstoredEvents() {
        return 0;
    }

    @Override
    public Optional<String> failure() {
        return Optional.empty();
    }

    @Override
    public void flushNow() {
    }

    @Override
    public void close() {
    }
}
