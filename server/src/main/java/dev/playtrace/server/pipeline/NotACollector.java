package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.server.ServerRole;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The bus of a node that takes no beacons (a sessionizer-only or query node): every publish fails with
 * {@link Refused}, which the collector routes answer 503 with Retry-After, so an SDK sent here by mistake keeps its
 * events and sends them again.
 */
public final class NotACollector implements EventBus {
    private final ServerRole role;

    public NotACollector(ServerRole role) {
        this.role = requireNonNull(role, "role is null");
    }

    @Override
    public CompletableFuture<Void> publish(List<PlayerEvent> events) {
        return CompletableFuture.failedFuture(new Refused("this node runs --role " + role.cliName()
                + " and takes no beacons; send them to a collector node (--role collector or all)"));
    }

    @Override
    public void stored(long position) {
    }

    @Override
    public void awaitDelivered() {
    }

    @Override
    public void close() {
    }

    /** A beacon sent to a node that does not collect; the message says where beacons go. */
    public static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }
}
