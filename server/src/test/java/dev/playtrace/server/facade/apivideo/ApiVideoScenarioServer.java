package dev.playtrace.server.facade.apivideo;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/** A server per test with {@link ApiVideoScenario}'s views stored, its clock, and the default project's API key. */
abstract class ApiVideoScenarioServer {
    @TempDir
    Path dataDir;
    protected MutableClock clock;
    protected RunningServer server;
    protected String key;

    @BeforeEach
    void startWithTheScenario() {
        clock = new MutableClock(Instant.parse("2026-11-20T11:00:00Z"));
        server = RunningServer.start(dataDir, clock);
        key = ApiVideoScenario.defaultKey(server);
        ApiVideoScenario.sendDataSet(server, clock);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
