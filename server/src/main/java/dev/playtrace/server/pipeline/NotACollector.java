package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.bus.BusRefusedException;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.server.ServerRole;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The bus of a node that takes no beacons (a sessionizer-only or query node): it refuses every batch, before the
 * collector decodes it, with {@code not_a_collector}, which the collector answers 503 with Retry-After, so an SDK sent
 * here by mistake keeps its events and sends them again.
 */
public final class NotACollector implements EventBus {
    static final String CODE = "not_a_collector";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ServerRole role;

    public NotACollector(ServerRole role) {
        this.role = requireNonNull(role, "role is null");
    }

    @Override
    public Optional<BusRefusedException> currentRefusal() {
        return Optional.of(refusal());
    }

    @Override
    public CompletableFuture<Void> publish(List<PlayerEvent> events) {
        return CompletableFuture.failedFuture(refusal());
    }

    private BusRefusedException refusal() {
        return new BusRefusedException(CODE, "this node runs --role " + role.cliName()
                + " and takes no beacons; send them to a collector node (--role collector or all)", RETRY_AFTER);
    }

    @Override
    public void close() {
    }
}
