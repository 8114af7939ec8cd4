package dev.playtrace.server.durability;

import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past the bound of acknowledged but unstored events the collector answers 503 with Retry-After and keeps nothing,
 * while queries go on; once the store caught up, beacons are taken again. The flush runs only when the test says so.
 */
class BackpressureTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();

    @TempDir
    Path dataDir;
    private RunningServer server;

    @BeforeEach
    void start() {
        server = RunningServer.start(RunningServer.config(dataDir)
                .withBusLimits(new LocalLogBus.Limits(5, 1 << 20, 64 * 1024, Duration.ofSeconds(3)))
                .withFlushPeriod(Duration.ofDays(1)), new MutableClock(T0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String threeEvents(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).at(0, "viewstart").at(10, "play").at(900, "playing").build();
    }

    @Test
    void pastTheBoundBeaconsGet503WithRetryAfterAndQueriesGoOn() {
        assertThat(server.postBeacon(threeEvents("first")).status()).isEqualTo(200);

        RunningServer.Response refused = server.postBeacon(threeEvents("second"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("3");
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("overloaded");
        assertThat(refused.json().path("accepted").asInt()).isZero();
        assertThat(server.get("/data/v1/video-views?timeframe[]=" + (T0_MS / 1000 - 3600) + "&timeframe[]="
                + (T0_MS / 1000 + 3600)).status()).isEqualTo(200);

        server.flush();

        assertThat(server.postBeacon(threeEvents("second")).status()).isEqualTo(200);
        server.flush();
        assertThat(server.get("/data/v1/video-views/second").status()).isEqualTo(200);
        assertThat(server.get("/data/v1/video-views/second").json().path("data").path("video_startup_time").asLong())
                .isEqualTo(890);
    }

    @Test
    void aBatchLargerThanTheWholeBoundIsTakenWhenNothingElseWaits() {
        String sixEvents = new BeaconBuilder(INGEST_KEY, T0_MS).view("big").at(0, "viewstart").at(10, "play")
                .at(900, "playing").at(2000, "pause").at(3000, "play").at(3100, "playing").build();

        assertThat(server.postBeacon(sixEvents).status()).isEqualTo(200);
    }

    @Test
    void atTheBoundABeaconIsRefusedBeforeItIsDecodedSoEvenAnInvalidOneGets503ThenItsRetryGets400() {
        String sixEvents = new BeaconBuilder(INGEST_KEY, T0_MS).view("big").at(0, "viewstart").at(10, "play")
                .at(900, "playing").at(2000, "pause").at(3000, "play").at(3100, "playing").build();
        assertThat(server.postBeacon(sixEvents).status()).isEqualTo(200);

        RunningServer.Response refused = server.postBeacon("{not json");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("3");
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("overloaded");
        assertThat(refused.json().path("error").path("message").asText())
                .startsWith("ingest is 6 events (").endsWith(" bytes) behind the store; retry later");

        server.flush();

        assertThat(server.postBeacon("{not json").status()).isEqualTo(400);
    }
}
