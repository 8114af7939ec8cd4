package dev.playtrace.server.durability;

import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart with many views open: they are registered without reading their events, a new beacon is visible after
 * the first flush, and when they all time out their histories are read in bulk (never one query per view) and each
 * is closed with its numbers. The test prints how long each step took; speed is judged in the benchmarks.
 */
class RestartWithOpenViewsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();
    private static final int OPEN_VIEWS = 50_000;
    private static final int VIEWS_PER_BEACON = 10;

    @TempDir
    Path dataDir;

    @Test
    void fiftyThousandOpenViewsAreResumedAndClosedAfterARestart() {
        MutableClock clock = new MutableClock(T0);
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            IntStream.range(0, OPEN_VIEWS / VIEWS_PER_BEACON).parallel().forEach(beacon -> {
                BeaconBuilder body = new BeaconBuilder(INGEST_KEY, T0_MS).sentAt(10_000);
                for (int v = 0; v < VIEWS_PER_BEACON; v++) {
                    body.view("open-" + (beacon * VIEWS_PER_BEACON + v)).at(0, "viewstart").at(100, "play")
                            .at(900, "playing").at(5_000, "hb").at(10_000, "hb");
                }
                assertThat(server.postBeaconAsAnSdkWould(body.build().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.util.Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
            });
            clock.set(T0_MS + 10_000);
            server.flush();
        }

        clock.set(T0_MS + 20_000);
        long startNs = System.nanoTime();
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            long startedMs = elapsedMs(startNs);
            assertThat(server.postBeacon(new BeaconBuilder(INGEST_KEY, T0_MS + 20_000).view("after-restart")
                    .at(0, "viewstart").at(0, "play").at(700, "playing").build()).status()).isEqualTo(200);
            long flushStartNs = System.nanoTime();
            server.flush();
            long firstFlushMs = elapsedMs(flushStartNs);
            assertThat(server.get("/data/v1/video-views/after-restart").status()).isEqualTo(200);

            clock.set(T0_MS + 10_000 + Duration.ofMinutes(3).toMillis());
            long timeoutFlushStartNs = System.nanoTime();
            server.flush();
            long timeoutFlushMs = elapsedMs(timeoutFlushStartNs);

            var view = server.get("/data/v1/video-views/open-49999").json().path("data");
            assertThat(view.path("view_dropped").asBoolean()).isTrue();
            assertThat(view.path("events").size()).isEqualTo(5);
            assertThat(view.path("video_startup_time").asLong()).isEqualTo(800);
            System.out.printf("restart with %,d open views: started in %,d ms, first flush %,d ms, flush closing all"
                    + " of them (histories read in bulk) %,d ms%n", OPEN_VIEWS, startedMs, firstFlushMs, timeoutFlushMs);
        }
    }

    private static long elapsedMs(long startNs) {
        return (System.nanoTime() - startNs) / 1_000_000;
    }
}
