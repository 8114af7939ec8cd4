package dev.playtrace.server.scenarios;

import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A beacon acknowledged with 2xx survives a clean shutdown, and the default project keeps its keys. */
class DurabilityTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedBeaconsSurviveACleanRestartWithoutAnExplicitFlush() {
        MutableClock clock = new MutableClock(T0);
        clock.set(T0.toEpochMilli() + 2_000);
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            RunningServer.Response response = server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY, T0.toEpochMilli())
                    .view("kept").at(0, "viewstart", Map.of("video_title", "Kept")).at(0, "play").at(900, "playing").build());
            assertThat(response.status()).isEqualTo(200);
        }

        try (RunningServer restarted = RunningServer.start(dataDir, clock)) {
            RunningServer.Response view = restarted.get("/data/v1/video-views/kept");
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().path("data").path("time_to_first_frame").asLong()).isEqualTo(900);
            assertThat(view.json().path("data").path("events")).hasSize(3);
        }
    }

    @Test
    void aViewOpenAtShutdownTimesOutAfterTheRestart() {
        MutableClock clock = new MutableClock(T0);
        clock.set(T0.toEpochMilli() + 2_000);
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY, T0.toEpochMilli())
                    .view("open").at(0, "play").at(900, "playing").at(2_000, "hb").build());
        }

        try (RunningServer restarted = RunningServer.start(dataDir, clock)) {
            assertThat(restarted.get("/data/v1/video-views/open").json().path("data").path("closed").asBoolean()).isFalse();
            clock.advance(java.time.Duration.ofMinutes(3));
            restarted.flush();

            var view = restarted.get("/data/v1/video-views/open").json().path("data");
            assertThat(view.path("closed").asBoolean()).isTrue();
            assertThat(view.path("view_dropped").asBoolean()).isTrue();
            assertThat(view.path("watch_time").asLong()).isEqualTo(2_000);
        }
    }
}
