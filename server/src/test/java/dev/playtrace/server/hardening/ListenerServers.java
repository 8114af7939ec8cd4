package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;

import java.nio.file.Path;
import java.time.Instant;

/** A server with the listener settings a hardening test probes; its clock does not matter to these tests. */
final class ListenerServers {
    private ListenerServers() {
    }

    static RunningServer start(Path dataDir, ListenerSettings listener) {
        return RunningServer.start(RunningServer.config(dataDir).withListener(listener),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    }
}
